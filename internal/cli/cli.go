// Package cli implements the subcommands of the jeugdhulp binary: demo,
// serve, migrate, user, token, backup, log, version and ijw. Each subcommand
// prints its flags with --help. Messages to the operator are Dutch.
package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/portaal"
	"github.com/jeugdhulp/jeugdhulp/internal/server"
	"github.com/jeugdhulp/jeugdhulp/internal/web"
)

const usage = `jeugdhulp — van hulpvraag tot einde zorg.

Gebruik: jeugdhulp OPDRACHT [OPTIES]

Opdrachten:
  demo              start de webapplicatie met de demoregio Hart van Brabant (SQLite)
  serve             start de webapplicatie voor productie
  migrate           werk het databaseschema bij
  user add          maak een account aan (wachtwoord via standaardinvoer)
  user list         toon alle accounts (e-mail, organisatie, rollen; tab-gescheiden)
  token add EMAIL   maak een API-token aan voor een account (--geldig DAGEN, standaard 90)
  token list EMAIL  toon de API-tokens van een account (nummer, aangemaakt, laatst gebruikt, verloopt, ingetrokken)
  token revoke ID   trek één API-token in
  backup FILE       maak een consistente kopie van de SQLite-database
  log verify        controleer de hashketen van het toegangslog
  version           toon de versie
  ijw validate|retour  iJw 3.2-berichten controleren of beantwoorden

Gebruik "jeugdhulp OPDRACHT --help" voor de opties van een opdracht.
`

// Run runs the command line args and returns the exit status.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	env := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	var err error
	switch args[0] {
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	case "demo":
		err = env.demo(args[1:])
	case "serve":
		err = env.serve(args[1:])
	case "migrate":
		err = env.migrate(args[1:])
	case "user":
		err = env.user(args[1:])
	case "token":
		err = env.token(args[1:])
	case "backup":
		err = env.backup(args[1:])
	case "log":
		err = env.logCmd(args[1:])
	case "version":
		fmt.Fprintln(stdout, "jeugdhulp", Version())
		return 0
	case "ijw":
		return ijw.Command(args[1:], stdout, stderr)
	default:
		fmt.Fprintf(stderr, "jeugdhulp: onbekende opdracht %q\n\n%s", args[0], usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	fmt.Fprintln(stderr, "jeugdhulp:", err)
	return 1
}

var errUsage = errors.New("usage")

type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// Version is the module version, or the VCS revision of a development build.
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "onbekend"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 && (v == "" || v == "(devel)") {
			v = "dev-" + s.Value[:12]
		}
	}
	if v == "" {
		v = "(devel)"
	}
	return v
}

func (e *env) flags(name, help string) *flag.FlagSet {
	fs := flag.NewFlagSet("jeugdhulp "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Gebruik: jeugdhulp %s\n\n", help)
		fs.PrintDefaults()
	}
	return fs
}

// parse reads args into fs, with flags and positional arguments in any
// order (see parseArgs); afterwards fs.Args holds the positional arguments.
// A mistake prints a Dutch message and the subcommand's usage.
func (e *env) parse(fs *flag.FlagSet, args []string) error {
	if err := parseArgs(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.Usage()
			return err
		}
		fmt.Fprintf(fs.Output(), "%s: %v\n", fs.Name(), err)
		fs.Usage()
		return errUsage
	}
	return nil
}

// parseArgs sets the flags in args and leaves the positional arguments in
// fs.Args. Unlike fs.Parse it does not stop at the first positional
// argument, so "token add EMAIL --data MAP" works as well as "token add
// --data MAP EMAIL". A flag is -naam or --naam; one that takes a value
// takes it as --naam=WAARDE or as the next argument, a bool flag takes no
// next argument (--naam=false sets it off). "--" ends the flags: what
// follows is positional, even when it starts with "-"; so is a lone "-".
// -h and --help give flag.ErrHelp. Errors are Dutch.
func parseArgs(fs *flag.FlagSet, args []string) error {
	var pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			pos = append(pos, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(a[1:], "-"), "=")
		f := fs.Lookup(name)
		if f == nil {
			if name == "h" || name == "help" {
				return flag.ErrHelp
			}
			return fmt.Errorf("onbekende optie %s", a)
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			if !hasValue {
				value = "true"
			}
		} else if !hasValue {
			if i+1 == len(args) {
				return fmt.Errorf("optie --%s heeft een waarde nodig", name)
			}
			i++
			value = args[i]
		}
		if err := fs.Set(name, value); err != nil {
			return fmt.Errorf("ongeldige waarde %q voor --%s", value, name)
		}
	}
	// Hand the positional arguments to fs, so fs.Args and fs.NArg work.
	return fs.Parse(append([]string{"--"}, pos...))
}

// dbFlags are the database flags shared by every subcommand that opens it.
type dbFlags struct {
	data, url *string
}

func addDBFlags(fs *flag.FlagSet) dbFlags {
	return dbFlags{
		data: fs.String("data", "./data", "map voor de ingebouwde SQLite-database (jeugdhulp.db)"),
		url:  fs.String("database-url", "", "database: sqlite:PAD of postgres://… (standaard $JEUGDHULP_DATABASE_URL, anders SQLite in --data)"),
	}
}

func (d dbFlags) resolve() (string, error) {
	if *d.url != "" {
		return *d.url, nil
	}
	if u := os.Getenv("JEUGDHULP_DATABASE_URL"); u != "" {
		return u, nil
	}
	if err := dataDir(*d.data, "jeugdhulp.db", nil); err != nil {
		return "", err
	}
	return "sqlite:" + filepath.Join(*d.data, "jeugdhulp.db"), nil
}

// openRaw opens the database without migrating it.
func (d dbFlags) openRaw(ctx context.Context) (*database.DB, error) {
	u, err := d.resolve()
	if err != nil {
		return nil, err
	}
	return database.Open(ctx, u)
}

// open opens the database and brings its schema up to date.
func (d dbFlags) open(ctx context.Context) (*database.DB, error) {
	db, err := d.openRaw(ctx)
	if err != nil {
		return nil, err
	}
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// migrate applies the migrations and then what SQL cannot do: indexing
// the keys of iJw messages stored before migration 0018.
func migrate(ctx context.Context, db *database.DB) error {
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	_, err := berichten.IndexKeys(ctx, db)
	return err
}

func newLogger(w io.Writer) *slog.Logger { return slog.New(slog.NewJSONHandler(w, nil)) }

func (e *env) demo(args []string) error {
	fs := e.flags("demo", "demo [--addr ADRES] [--data MAP]")
	addr := fs.String("addr", "127.0.0.1:8080", "adres waarop de webapplicatie luistert")
	data := fs.String("data", "./data", "map voor de SQLite-database van de demo")
	exchangeDir := fs.String("exchange-dir", "", "map voor iJw-berichten van en naar organisaties buiten het platform (uit/<code>/ en in/<code>/)")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	ctx := context.Background()
	if err := dataDir(*data, "jeugdhulp.db", e.stderr); err != nil {
		return err
	}
	db, err := database.Open(ctx, "sqlite:"+filepath.Join(*data, "jeugdhulp.db"))
	if err != nil {
		return err
	}
	defer db.Close()
	if err := migrate(ctx, db); err != nil {
		return err
	}
	seeded, err := demo.Seed(ctx, db, time.Now())
	if err != nil {
		return err
	}
	if seeded {
		// A year and a half of segment-1 work, so that the monitor has
		// figures to show (once, on a fresh database).
		if err := demo.Geschiedenis(ctx, db, time.Now()); err != nil {
			return err
		}
	}
	var logins []web.DemoLogin
	for _, l := range demo.Logins() {
		logins = append(logins, web.DemoLogin{Email: l.Email, Password: demo.Password, Role: l.Role.Label(), Org: l.Org})
	}
	log := newLogger(e.stderr)
	// The family portal logs in with the demo's own DigiD stand-in.
	digid, err := portaal.DemoDigiD(demo.Gezinnen(), time.Now)
	if err != nil {
		return err
	}
	app := server.New(db, server.Config{SecureCookies: false, Demo: true, DemoLogins: logins, LoginsPerMinute: 600, Log: log, ExchangeDir: *exchangeDir, DigiD: digid})
	go app.RunExchange(ctx)
	return server.Run(ctx, *addr, app.Handler, log, func(a net.Addr) {
		if seeded {
			fmt.Fprintln(e.stdout, "Demoregio's Hart van Brabant en Noord- en Midden-Limburg aangemaakt in", *data)
		} else {
			fmt.Fprintln(e.stdout, "Bestaande demodatabase in", *data, "gebruikt")
		}
		fmt.Fprintf(e.stdout, "\njeugdhulp draait op http://%s/\n\nDemo-accounts (wachtwoord %q):\n", a, demo.Password)
		for _, l := range demo.Logins() {
			fmt.Fprintf(e.stdout, "  %-42s %s, %s\n", l.Email, l.Role.Label(), l.Org)
		}
		fmt.Fprintln(e.stdout, "\nStoppen: Ctrl+C")
	})
}

func (e *env) serve(args []string) error {
	fs := e.flags("serve", "serve --database-url URL [OPTIES]")
	d := addDBFlags(fs)
	addr := fs.String("addr", ":8080", "adres waarop de webapplicatie luistert")
	insecure := fs.Bool("insecure-cookies", false, "cookies zonder Secure-vlag (alleen voor HTTP zonder TLS, bijvoorbeeld een test)")
	behindProxy := fs.Bool("behind-proxy", false, "achter een reverse proxy die TLS afhandelt; het clientadres komt uit X-Forwarded-For")
	issuer := fs.String("oidc-issuer", "", "OpenID Connect: issuer-URL (https)")
	clientID := fs.String("oidc-client-id", "", "OpenID Connect: client id")
	clientSecret := fs.String("oidc-client-secret", "", "OpenID Connect: client secret (of $JEUGDHULP_OIDC_CLIENT_SECRET)")
	redirect := fs.String("oidc-redirect-url", "", "OpenID Connect: callback-URL, https://…/login/oidc/callback")
	exchangeDir := fs.String("exchange-dir", "", "map voor iJw-berichten van en naar organisaties buiten het platform (uit/<code>/ en in/<code>/), voor een GGk/VECOZO-koppeling")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if *d.url == "" && os.Getenv("JEUGDHULP_DATABASE_URL") == "" {
		return errors.New("serve heeft een database nodig: geef --database-url (sqlite:PAD of postgres://…) of zet JEUGDHULP_DATABASE_URL")
	}
	if !*insecure && !*behindProxy {
		return errors.New("serve weigert te starten: sessiecookies hebben TLS nodig. Draai achter een TLS-proxy (--behind-proxy) of kies bewust voor onbeveiligde cookies (--insecure-cookies)")
	}
	if *clientSecret == "" {
		*clientSecret = os.Getenv("JEUGDHULP_OIDC_CLIENT_SECRET")
	}
	ctx := context.Background()
	u, err := d.resolve()
	if err != nil {
		return err
	}
	if err := sqliteDataDir(u, e.stderr); err != nil {
		return err
	}
	db, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	accounts := account.NewService(db)
	if n, err := accounts.CountAdmins(ctx); err != nil {
		return err
	} else if n == 0 {
		return errors.New("serve weigert te starten: er is geen actieve beheerder. Maak er een aan met: jeugdhulp user add --email … --name … --org … --role beheerder")
	}
	log := newLogger(e.stderr)
	cfg := server.Config{SecureCookies: !*insecure, TrustProxy: *behindProxy, Log: log, ExchangeDir: *exchangeDir}
	if *issuer != "" {
		if err := checkHTTPS("--oidc-issuer", *issuer); err != nil {
			return err
		}
		if err := checkHTTPS("--oidc-redirect-url", *redirect); err != nil {
			return err
		}
		if *clientID == "" || *clientSecret == "" {
			return errors.New("OpenID Connect heeft --oidc-client-id en --oidc-client-secret nodig")
		}
		o, err := account.NewOIDC(ctx, account.OIDCConfig{Issuer: *issuer, ClientID: *clientID, ClientSecret: *clientSecret, RedirectURL: *redirect}, accounts)
		if err != nil {
			return fmt.Errorf("OpenID Connect: %w", err)
		}
		cfg.OIDC = o
	}
	app := server.New(db, cfg)
	go app.RunExchange(ctx)
	return server.Run(ctx, *addr, app.Handler, log, func(a net.Addr) {
		log.Info("listening", "addr", a.String(), "database", db.Dialect.String(), "version", Version())
	})
}

func checkHTTPS(name, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%s: geen geldige URL", name)
	}
	host := u.Hostname()
	if u.Scheme != "https" && host != "localhost" && host != "127.0.0.1" && host != "::1" {
		return fmt.Errorf("serve weigert te starten: %s moet https gebruiken", name)
	}
	return nil
}

func (e *env) migrate(args []string) error {
	fs := e.flags("migrate", "migrate [--database-url URL | --data MAP] [--app-role ROL]")
	d := addDBFlags(fs)
	role := fs.String("app-role", "", "PostgreSQL: geef deze databaserol de rechten van de applicatie (het toegangslog alleen lezen en aanvullen)")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	ctx := context.Background()
	db, err := d.openRaw(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	if _, err := berichten.IndexKeys(ctx, db); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d migratie(s) toegepast op %s\n", n, db.URL)
	if *role != "" {
		if err := db.GrantAppRole(ctx, *role); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "rechten gezet voor rol %s\n", *role)
	}
	return nil
}

type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

func (e *env) user(args []string) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list") {
		fmt.Fprintln(e.stderr, "Gebruik: jeugdhulp user add|list [OPTIES]")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return flag.ErrHelp
		}
		return errUsage
	}
	ctx := context.Background()
	if args[0] == "list" {
		fs := e.flags("user list", "user list [--database-url URL | --data MAP]")
		d := addDBFlags(fs)
		if err := e.parse(fs, args[1:]); err != nil {
			return err
		}
		db, err := d.open(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		us, err := account.NewService(db).List(ctx)
		if err != nil {
			return err
		}
		for _, u := range us {
			var rs []string
			for _, r := range u.Roles {
				rs = append(rs, string(r))
			}
			fmt.Fprintf(e.stdout, "%s\t%s\t%s\n", u.Email, u.OrgName, strings.Join(rs, ","))
		}
		return nil
	}
	var roleNames []string
	for _, r := range access.Roles() {
		roleNames = append(roleNames, string(r.Role))
	}
	fs := e.flags("user add", "user add --email E --name N --org ORGANISATIE --role ROL[,ROL] [--oidc-only] < wachtwoord")
	d := addDBFlags(fs)
	email := fs.String("email", "", "e-mailadres (inlognaam)")
	name := fs.String("name", "", "volledige naam")
	org := fs.String("org", "", "organisatie: naam of id")
	oidcOnly := fs.Bool("oidc-only", false, "geen wachtwoord: alleen inloggen via OpenID Connect")
	var roles listFlag
	fs.Var(&roles, "role", "rol(len), herhaalbaar of komma-gescheiden: "+strings.Join(roleNames, ", "))
	if err := e.parse(fs, args[1:]); err != nil {
		return err
	}
	db, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	orgs := &organisation.Store{DB: db}
	orgID, err := findOrg(ctx, orgs, *org)
	if err != nil {
		return err
	}
	pw := ""
	if !*oidcOnly {
		line, err := bufio.NewReader(io.LimitReader(e.stdin, 1024)).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("wachtwoord lezen: %w", err)
		}
		pw = strings.TrimRight(line, "\r\n")
		if pw == "" {
			return errors.New("geef het wachtwoord op standaardinvoer, bijvoorbeeld: printf '%s\\n' \"$WACHTWOORD\" | jeugdhulp user add …; of kies --oidc-only")
		}
	}
	var rs []access.Role
	for _, r := range roles {
		rs = append(rs, access.Role(r))
	}
	id, err := account.NewService(db).Create(ctx, account.NewUser{Email: *email, Name: *name, OrgID: orgID, Roles: rs, Password: pw})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "account %d aangemaakt: %s\n", id, account.NormalizeEmail(*email))
	return nil
}

func findOrg(ctx context.Context, orgs *organisation.Store, ref string) (int64, error) {
	if ref == "" {
		return 0, errors.New("geef de organisatie met --org (naam of id)")
	}
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		if _, err := orgs.Get(ctx, id); err != nil {
			return 0, fmt.Errorf("organisatie %d bestaat niet", id)
		}
		return id, nil
	}
	all, err := orgs.List(ctx, "")
	if err != nil {
		return 0, err
	}
	for _, o := range all {
		if strings.EqualFold(o.Name, ref) {
			return o.ID, nil
		}
	}
	return 0, fmt.Errorf("organisatie %q bestaat niet; maak haar aan in de beheerpagina's of kies een bestaande", ref)
}

const tokenUsage = "Gebruik: jeugdhulp token add EMAIL [--geldig DAGEN] | token list EMAIL | token revoke ID  [--database-url URL | --data MAP]"

func (e *env) token(args []string) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list" && args[0] != "revoke") {
		fmt.Fprintln(e.stderr, tokenUsage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return flag.ErrHelp
		}
		return errUsage
	}
	var fs *flag.FlagSet
	days := new(int)
	switch args[0] {
	case "add":
		fs = e.flags("token add", "token add EMAIL [--geldig DAGEN] [--database-url URL | --data MAP]")
		days = fs.Int("geldig", account.DefaultTokenDays, fmt.Sprintf("aantal dagen dat het token geldig is, na vandaag (1 tot en met %d)", account.MaxTokenDays))
	case "list":
		fs = e.flags("token list", "token list EMAIL [--database-url URL | --data MAP]")
	case "revoke":
		fs = e.flags("token revoke", "token revoke ID [--database-url URL | --data MAP]")
	}
	d := addDBFlags(fs)
	if err := e.parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	var id int64
	if args[0] == "revoke" {
		var err error
		if id, err = strconv.ParseInt(fs.Arg(0), 10, 64); err != nil || id <= 0 {
			fmt.Fprintf(e.stderr, "%s: %q is geen tokennummer; zie jeugdhulp token list EMAIL\n", fs.Name(), fs.Arg(0))
			fs.Usage()
			return errUsage
		}
	} else if args[0] == "add" {
		// Checked before the database is opened: a typo changes nothing.
		if err := account.CheckTokenDays(*days); err != nil {
			fmt.Fprintf(e.stderr, "%s: --geldig %d: een API-token is 1 tot en met %d dagen geldig\n", fs.Name(), *days, account.MaxTokenDays)
			fs.Usage()
			return errUsage
		}
	}
	ctx := context.Background()
	db, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	accounts := account.NewService(db)
	switch args[0] {
	case "add":
		tok, t, err := accounts.IssueToken(ctx, fs.Arg(0), *days)
		if errors.Is(err, account.ErrNotFound) {
			return fmt.Errorf("er is geen account met e-mailadres %s", fs.Arg(0))
		}
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, tok)
		fmt.Fprintf(e.stderr, "token %d, geldig tot en met %s; het wordt niet nog eens getoond\n", t.ID, kalender.Datum(t.ExpiresAt))
	case "list":
		u, err := accounts.ByEmail(ctx, fs.Arg(0))
		if errors.Is(err, account.ErrNotFound) {
			return fmt.Errorf("er is geen account met e-mailadres %s", fs.Arg(0))
		}
		if err != nil {
			return err
		}
		ts, err := accounts.Tokens(ctx, u.ID)
		if err != nil {
			return err
		}
		for _, t := range ts {
			fmt.Fprintf(e.stdout, "%d\t%s\t%s\t%s\t%s\n", t.ID, orDash(t.CreatedAt), orDash(t.LastUsed), orDash(t.ExpiresAt), orDash(t.RevokedAt))
		}
	case "revoke":
		t, err := accounts.RevokeTokenID(ctx, id)
		if errors.Is(err, account.ErrNotFound) {
			return fmt.Errorf("er is geen token met nummer %d", id)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "token %d ingetrokken op %s\n", t.ID, kalender.DatumTijd(t.RevokedAt))
	}
	return nil
}

// orDash is t as dd-mm-jjjj hh:mm in Amsterdam, or "-" for never.
func orDash(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return kalender.DatumTijd(t)
}

// syncFile flushes the file at path to disk.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

func (e *env) backup(args []string) error {
	fs := e.flags("backup", "backup [--database-url URL | --data MAP] BESTAND")
	d := addDBFlags(fs)
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	ctx := context.Background()
	db, err := d.openRaw(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if db.Dialect == database.Postgres {
		return errors.New("backup is er voor SQLite; maak van PostgreSQL een kopie met pg_dump (zie README)")
	}
	target := fs.Arg(0)
	// The copy holds every youth's data: created 0600 before SQLite writes
	// it, and never over a file with content.
	created, err := createBackupTarget(target)
	if err != nil {
		return err
	}
	// VACUUM INTO writes a consistent copy while the application runs.
	if _, err := db.W.ExecContext(ctx, "VACUUM INTO ?", target); err != nil {
		if created {
			os.Remove(target)
		}
		return fmt.Errorf("backup naar %s: %w", target, err)
	}
	// SQLite writes the copy without syncing it: a backup that a crash of
	// the machine can take back is no backup.
	if err := syncFile(target); err != nil {
		return fmt.Errorf("backup naar %s: %w", target, err)
	}
	fmt.Fprintf(e.stdout, "kopie geschreven naar %s\n", target)
	return nil
}
