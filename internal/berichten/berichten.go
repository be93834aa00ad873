// Package berichten is the store of the iJw messages the system writes and
// receives: each message as sent, with its sender, receiver, identification,
// the provider's reference of a verzoek, the trajectory it belongs to, and
// its place in the exchange (state, deadline, answer). One row is both the
// sender's outbox entry and the receiver's inbox entry when both are on this
// platform. Domain packages hand it typed messages from package ijw and never
// touch XML or transport themselves; package uitwisseling moves the rows.
//
// A retour (JW302, JW306, …) copies the header of the message it answers
// (IV028), so its Afzender is the heen message's sender. It is stored under
// who really sends it (the heen's Ontvanger), its IdentificatieRetour and
// the heen's Afzender as receiver, so that each organisation's outbox holds
// what it sends and (sender, type, identificatie) stays unique (TR056).
package berichten

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
)

// Directions: a message the system writes for one of its organisations
// ("uit") or one it received from outside ("in").
const (
	Uit = "uit"
	In  = "in"
)

// States of a message in the exchange (migration 0014).
const (
	Gemaakt    = "gemaakt"    // made by the system, waiting for the dispatcher
	Verzonden  = "verzonden"  // handed to the transport, no answer yet
	Ontvangen  = "ontvangen"  // arrived at the receiver, not yet answered
	Beantwoord = "beantwoord" // accepted, its retour (or JW325) written; no domain effect
	Verwerkt   = "verwerkt"   // accepted and processed (domain effect, or a retour applied)
	Afgekeurd  = "afgekeurd"  // rejected in its retour: counts as not sent (OP286)
)

// States lists the states in the order a message passes them, with their
// Dutch labels for pages.
var States = []struct{ Code, Label string }{
	{Gemaakt, "Gemaakt"}, {Verzonden, "Verzonden"}, {Ontvangen, "Ontvangen"},
	{Beantwoord, "Beantwoord"}, {Verwerkt, "Verwerkt"}, {Afgekeurd, "Afgekeurd"},
}

// Bericht is one stored message.
type Bericht struct {
	ID            int64
	TrajectoryID  int64
	ToewijzingID  int64
	Direction     string
	Type          ijw.MessageType
	Sender        string // AGB code or CBS code
	Receiver      string
	Identificatie string
	Referentie    string // ReferentieAanbieder of a JW315 and its answers
	XML           []byte
	CreatedAt     time.Time

	// The exchange. The organisation ids are 0 when that end is not on this
	// platform; the times are zero until they happen.
	SenderOrgID   int64
	ReceiverOrgID int64
	State         string
	DueAt         time.Time // deadline of the answer expected, zero when none
	SentAt        time.Time
	ReceivedAt    time.Time
	ProcessedAt   time.Time
	AnswerID      int64  // the row of the retour or JW325 answering this message
	RetourCodes   string // comma-separated retourcodes of that answer
}

// String describes b without its content (no client data), for test
// failures and logs.
func (b Bericht) String() string {
	return fmt.Sprintf("%s %d %s→%s id=%s %s answer=%d codes=%q", b.Type, b.ID, b.Sender, b.Receiver, b.Identificatie, b.State, b.AnswerID, b.RetourCodes)
}

// IsRetour reports whether t is a retour message (JW302, 306, 308, 316,
// 318, 320): one that copies the header of the message it answers.
func IsRetour(t ijw.MessageType) bool {
	switch t {
	case ijw.TypeJW302, ijw.TypeJW306, ijw.TypeJW308, ijw.TypeJW316, ijw.TypeJW318, ijw.TypeJW320:
		return true
	}
	return false
}

// Parties returns who sends m, to whom, and under which identification, as
// stored: for a retour the heen's Ontvanger, its Afzender and the
// IdentificatieRetour; for any other message its own header.
func Parties(m ijw.Message) (sender, receiver, identificatie string) {
	h := ijw.Header(m)
	if IsRetour(m.MessageType()) {
		id := reflect.ValueOf(m).Elem().Field(0).FieldByName("IdentificatieRetour").String()
		return h.Ontvanger, h.Afzender, id
	}
	return h.Afzender, h.Ontvanger, h.BerichtIdentificatie.Identificatie
}

// orgByCode selects the organisation a CBS or AGB code names.
const orgByCode = "(SELECT o.id FROM organisations o WHERE o.cbs_code = ? OR o.agb_code = ? ORDER BY o.id LIMIT 1)"

// ErrNotFound: no such message.
var ErrNotFound = errors.New("berichten: not found")

// Write marshals m (which checks it against its XSD), stores it in the
// caller's transaction and returns the stored message. A message that
// breaks an in-message rule of the standard is refused: the system never
// sends what it would itself reject.
func Write(ctx context.Context, tx *database.Tx, m ijw.Message, b Bericht) (Bericht, error) {
	if findings := ijw.Validate(m); len(findings) > 0 {
		return b, fmt.Errorf("%s breaks rule %s: %s", m.MessageType(), findings[0].Rule.Code, findings[0].Msg)
	}
	xml, err := ijw.Marshal(m)
	if err != nil {
		return b, fmt.Errorf("marshal %s: %w", m.MessageType(), err)
	}
	b.Type, b.XML = m.MessageType(), xml
	b.Sender, b.Receiver, b.Identificatie = Parties(m)
	if b.Direction == "" {
		b.Direction = Uit
	}
	if b.State == "" {
		b.State = Gemaakt
	}
	return Insert(ctx, tx, b)
}

// Insert stores b as it is (its XML as given: a received message is kept
// byte for byte) with its organisations resolved from its codes, and
// returns it with its id and organisations. A second message with the same
// sender, type and identificatie is a unique violation
// (database.IsUniqueViolation).
func Insert(ctx context.Context, tx *database.Tx, b Bericht) (Bericht, error) {
	if b.State == "" {
		b.State = Gemaakt
	}
	var err error
	b.ID, err = tx.InsertID(ctx, `INSERT INTO ijw_messages (direction, type, sender, receiver, identificatie, toewijzing_id, trajectory_id, referentie, xml, created_at,
		sender_org_id, receiver_org_id, state, due_at, sent_at, received_at, processed_at, answer_id, retour_codes, keys_indexed)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, `+orgByCode+`, `+orgByCode+`, ?, ?, ?, ?, ?, ?, ?, ?)`,
		b.Direction, string(b.Type), b.Sender, b.Receiver, b.Identificatie, nullID(b.ToewijzingID), nullID(b.TrajectoryID), b.Referentie, string(b.XML), b.CreatedAt.UTC(),
		b.Sender, b.Sender, b.Receiver, b.Receiver, b.State, nullTime(b.DueAt), nullTime(b.SentAt), nullTime(b.ReceivedAt), nullTime(b.ProcessedAt), nullID(b.AnswerID), b.RetourCodes, true)
	if err != nil {
		return b, fmt.Errorf("store %s %s of %s: %w", b.Type, b.Identificatie, b.Sender, err)
	}
	if err := indexKeys(ctx, tx, b.ID, b.XML); err != nil {
		return b, err
	}
	err = tx.QueryRow(ctx, "SELECT COALESCE(sender_org_id, 0), COALESCE(receiver_org_id, 0) FROM ijw_messages WHERE id = ?", b.ID).Scan(&b.SenderOrgID, &b.ReceiverOrgID)
	return b, err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// Cols are the columns scan reads, in its order; Scan reads a row selected
// with them (aliases are not supported: select from ijw_messages itself).
const Cols = "id, COALESCE(trajectory_id, 0), COALESCE(toewijzing_id, 0), direction, type, sender, receiver, identificatie, referentie, xml, created_at, " +
	"COALESCE(sender_org_id, 0), COALESCE(receiver_org_id, 0), state, due_at, sent_at, received_at, processed_at, COALESCE(answer_id, 0), retour_codes"

const cols = Cols

// Scan reads one row selected with Cols.
func Scan(sc interface{ Scan(...any) error }) (Bericht, error) { return scan(sc) }

func scan(sc interface{ Scan(...any) error }) (Bericht, error) {
	var b Bericht
	var typ, xml string
	var due, sent, received, processed sql.NullTime
	err := sc.Scan(&b.ID, &b.TrajectoryID, &b.ToewijzingID, &b.Direction, &typ, &b.Sender, &b.Receiver, &b.Identificatie, &b.Referentie, &xml, &b.CreatedAt,
		&b.SenderOrgID, &b.ReceiverOrgID, &b.State, &due, &sent, &received, &processed, &b.AnswerID, &b.RetourCodes)
	b.Type, b.XML = ijw.MessageType(typ), []byte(xml)
	b.DueAt, b.SentAt, b.ReceivedAt, b.ProcessedAt = due.Time, sent.Time, received.Time, processed.Time
	return b, err
}

// Get returns message id.
func Get(ctx context.Context, q database.Querier, id int64) (Bericht, error) {
	b, err := scan(q.QueryRow(ctx, "SELECT "+cols+" FROM ijw_messages WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return b, ErrNotFound
	}
	return b, err
}

// Find returns the message sender sent with type t and identificatie, as
// stored (see Parties).
func Find(ctx context.Context, q database.Querier, sender string, t ijw.MessageType, identificatie string) (Bericht, error) {
	b, err := scan(q.QueryRow(ctx, "SELECT "+cols+" FROM ijw_messages WHERE sender = ? AND type = ? AND identificatie = ?", sender, string(t), identificatie))
	if errors.Is(err, sql.ErrNoRows) {
		return b, ErrNotFound
	}
	return b, err
}

// Of lists the messages of a trajectory, oldest first.
func Of(ctx context.Context, q database.Querier, trajectoryID int64) ([]Bericht, error) {
	rows, err := q.Query(ctx, "SELECT "+cols+" FROM ijw_messages WHERE trajectory_id = ? ORDER BY id", trajectoryID)
	if err != nil {
		return nil, fmt.Errorf("messages of trajectory %d: %w", trajectoryID, err)
	}
	defer rows.Close()
	var out []Bericht
	for rows.Next() {
		b, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("messages of trajectory %d: %w", trajectoryID, err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Latest returns the newest message of type t of a trajectory.
func Latest(ctx context.Context, q database.Querier, trajectoryID int64, t ijw.MessageType) (Bericht, error) {
	b, err := scan(q.QueryRow(ctx, "SELECT "+cols+" FROM ijw_messages WHERE trajectory_id = ? AND type = ? ORDER BY id DESC LIMIT 1", trajectoryID, string(t)))
	if errors.Is(err, sql.ErrNoRows) {
		return b, ErrNotFound
	}
	return b, err
}

// Decode reads a stored message back into its typed form.
func (b Bericht) Decode() (ijw.Message, error) {
	return ijw.Decode(bytes.NewReader(b.XML))
}

// Knowledge returns what the cross-message rules need to know, learnt from
// every stored message between the given provider (AGB code) and any
// municipality, except the message with id skip (the one being checked).
// A region's exchange with one provider is small enough to read whole; a
// storage-backed ijw.Knowledge can replace this when it is not.
func Knowledge(ctx context.Context, q database.Querier, agb string, skip int64) (ijw.Knowledge, error) {
	// A rejected message counts as not sent (OP286), so it teaches nothing.
	rows, err := q.Query(ctx, "SELECT "+cols+" FROM ijw_messages WHERE (sender = ? OR receiver = ?) AND id <> ? AND state <> ? ORDER BY id", agb, agb, skip, Afgekeurd)
	if err != nil {
		return nil, fmt.Errorf("messages of provider %s: %w", agb, err)
	}
	defer rows.Close()
	k := ijw.NewMemory()
	for rows.Next() {
		b, err := scan(rows)
		if err != nil {
			return nil, err
		}
		m, err := b.Decode()
		if err != nil {
			return nil, fmt.Errorf("stored %s %d: %w", b.Type, b.ID, err)
		}
		k.Record(m)
	}
	return k, rows.Err()
}

// keyRe finds the values that tie messages about one youth and one
// toewijzing together, whatever namespace prefix the sender used.
var keyRe = regexp.MustCompile(`(?:^|[<:])(Bsn|ToewijzingNummer|ReferentieAanbieder)>([^<]{1,40})<`)

// keysOf returns the keys of a message's XML ("Bsn:123456782"), each once.
func keysOf(xml []byte) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range keyRe.FindAllSubmatch(xml, -1) {
		v := strings.TrimSpace(string(m[2]))
		k := string(m[1]) + ":" + v
		if v != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// indexKeys writes the keys of message id (migration 0018).
func indexKeys(ctx context.Context, tx *database.Tx, id int64, xml []byte) error {
	for _, k := range keysOf(xml) {
		if _, err := tx.Exec(ctx, "INSERT INTO ijw_message_keys (sleutel, message_id) VALUES (?, ?)", k, id); err != nil {
			return fmt.Errorf("key %s of message %d: %w", k, id, err)
		}
	}
	return nil
}

// IndexKeys indexes the keys of the messages stored before migration 0018,
// a batch per transaction, and returns how many it did. The application
// runs it after migrating; it is idempotent.
func IndexKeys(ctx context.Context, db *database.DB) (int, error) {
	done := 0
	for {
		var batch []Bericht
		err := db.Do(ctx, func(tx *database.Tx) error {
			rows, err := tx.Query(ctx, "SELECT id, xml FROM ijw_messages WHERE keys_indexed = ? ORDER BY id LIMIT 500", false)
			if err != nil {
				return err
			}
			for rows.Next() {
				var b Bericht
				var xml string
				if err := rows.Scan(&b.ID, &xml); err != nil {
					rows.Close()
					return err
				}
				b.XML = []byte(xml)
				batch = append(batch, b)
			}
			rows.Close()
			for _, b := range batch {
				if _, err := tx.Exec(ctx, "DELETE FROM ijw_message_keys WHERE message_id = ?", b.ID); err != nil {
					return err
				}
				if err := indexKeys(ctx, tx, b.ID, b.XML); err != nil {
					return err
				}
				if _, err := tx.Exec(ctx, "UPDATE ijw_messages SET keys_indexed = ? WHERE id = ?", true, b.ID); err != nil {
					return err
				}
			}
			return rows.Err()
		})
		if err != nil {
			return done, fmt.Errorf("index message keys: %w", err)
		}
		done += len(batch)
		if len(batch) == 0 {
			return done, nil
		}
	}
}

// KnowledgeAbout is Knowledge limited to the stored messages that can
// matter to the cross-message rules on the message xml of type t: those
// carrying one of its BSNs, toewijzingnummers or provider references (the
// rules' keys). Reading a provider's whole history for every message made
// a receipt slower with every message before it. A declaratie (JW323) and
// a message with very many keys get the whole history, as Knowledge.
func KnowledgeAbout(ctx context.Context, q database.Querier, agb string, skip int64, t ijw.MessageType, xml []byte) (ijw.Knowledge, error) {
	keys := keysOf(xml)
	if t == ijw.TypeJW323 || len(keys) == 0 || len(keys) > 50 {
		return Knowledge(ctx, q, agb, skip)
	}
	// The messages sharing a key, through the index of migration 0018.
	found, err := related(ctx, q, agb, skip, keys, nil)
	if err != nil {
		return nil, err
	}
	// Two kinds of message change what those say without sharing a key
	// with xml, so they are read one step further: the answer to a JW323
	// found (a JW325 approving all of it names no BSN or toewijzing; without
	// it every prestatie looks unjudged and a toewijzing with approved
	// prestaties could be deleted, TR385), and the messages carrying the
	// reference of a verzoek found (a JW319 refusing a verzoek names only
	// its ReferentieAanbieder; without it a refused verzoek of the same
	// youth looks open and the next one is rejected, TR374).
	seen := map[int64]bool{}
	have := map[string]bool{}
	for _, k := range keys {
		have[k] = true
	}
	for _, b := range found {
		seen[b.ID] = true
	}
	var refs []string
	var answers []int64
	for _, b := range found {
		switch b.Type {
		case ijw.TypeJW323:
			if b.AnswerID != 0 && !seen[b.AnswerID] {
				answers = append(answers, b.AnswerID)
			}
		case ijw.TypeJW315, ijw.TypeJW317:
			for _, k := range keysOf(b.XML) {
				if strings.HasPrefix(k, "ReferentieAanbieder:") && !have[k] {
					have[k] = true
					refs = append(refs, k)
				}
			}
		}
	}
	if len(refs) > 0 || len(answers) > 0 {
		more, err := related(ctx, q, agb, skip, refs, answers)
		if err != nil {
			return nil, err
		}
		for _, b := range more {
			if !seen[b.ID] {
				seen[b.ID] = true
				found = append(found, b)
			}
		}
		// Memory learns in the order the messages were stored.
		sort.Slice(found, func(i, j int) bool { return found[i].ID < found[j].ID })
	}
	k := ijw.NewMemory()
	for _, b := range found {
		m, err := b.Decode()
		if err != nil {
			return nil, fmt.Errorf("stored %s %d: %w", b.Type, b.ID, err)
		}
		k.Record(m)
	}
	return k, nil
}

// related returns the messages of provider agb, but skip and rejected
// ones, that carry one of keys or have one of ids, oldest first.
func related(ctx context.Context, q database.Querier, agb string, skip int64, keys []string, ids []int64) ([]Bericht, error) {
	args := []any{agb, agb, skip, Afgekeurd}
	var or []string
	if len(keys) > 0 {
		or = append(or, "id IN (SELECT message_id FROM ijw_message_keys WHERE sleutel IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(keys)), ", ")+"))")
		for _, k := range keys {
			args = append(args, k)
		}
	}
	if len(ids) > 0 {
		or = append(or, "id IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")+")")
		for _, id := range ids {
			args = append(args, id)
		}
	}
	rows, err := q.Query(ctx, "SELECT "+cols+" FROM ijw_messages WHERE (sender = ? OR receiver = ?) AND id <> ? AND state <> ? AND ("+strings.Join(or, " OR ")+") ORDER BY id", args...)
	if err != nil {
		return nil, fmt.Errorf("messages of provider %s: %w", agb, err)
	}
	defer rows.Close()
	var out []Bericht
	for rows.Next() {
		b, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Next returns a BerichtIdentificatie for the next message of type t of a
// trajectory: prefix, the trajectory and a sequence number, unique per
// sender and type as TR056 asks however fast messages follow each other.
func Next(ctx context.Context, q database.Querier, trajectoryID int64, t ijw.MessageType, prefix string) (string, error) {
	var n int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM ijw_messages WHERE trajectory_id = ? AND type = ?", trajectoryID, string(t)).Scan(&n); err != nil {
		return "", fmt.Errorf("count %s of trajectory %d: %w", t, trajectoryID, err)
	}
	return fmt.Sprintf("%s%d-%d", prefix, trajectoryID, n+1), nil
}

// MarkReceived records that message id arrived at its receiver at t. It
// reports false when it had arrived before (a second delivery, or another
// importer got there first): on PostgreSQL the second of two concurrent
// callers waits for the first to commit and then sees its mark.
func MarkReceived(ctx context.Context, tx *database.Tx, id int64, t time.Time) (bool, error) {
	res, err := tx.Exec(ctx, "UPDATE ijw_messages SET received_at = ?, sent_at = COALESCE(sent_at, ?), state = ? WHERE id = ? AND received_at IS NULL",
		t.UTC(), t.UTC(), Ontvangen, id)
	if err != nil {
		return false, fmt.Errorf("mark message %d received: %w", id, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SetAnswer records the outcome of message id: its state, the row of its
// answer (0: none), that answer's retourcodes and the deadline the answer
// had (zero: none), processed at t.
func SetAnswer(ctx context.Context, tx *database.Tx, id int64, state string, answerID int64, codes string, due, t time.Time) error {
	_, err := tx.Exec(ctx, "UPDATE ijw_messages SET state = ?, answer_id = COALESCE(?, answer_id), retour_codes = ?, due_at = COALESCE(?, due_at), processed_at = ? WHERE id = ?",
		state, nullID(answerID), codes, nullTime(due), t.UTC(), id)
	if err != nil {
		return fmt.Errorf("set answer of message %d: %w", id, err)
	}
	return nil
}

// MarkSent records that message id was handed to the transport at t: a
// message still gemaakt becomes verzonden with due as the deadline of its
// answer (zero: none). A message the receiver already took in (the loopback
// delivers during the send) keeps the state the receiver gave it.
func MarkSent(ctx context.Context, tx *database.Tx, id int64, t, due time.Time) error {
	_, err := tx.Exec(ctx, `UPDATE ijw_messages SET sent_at = COALESCE(sent_at, ?),
		due_at = CASE WHEN state = ? THEN COALESCE(due_at, ?) ELSE due_at END,
		state = CASE WHEN state = ? THEN ? ELSE state END WHERE id = ?`,
		t.UTC(), Gemaakt, nullTime(due), Gemaakt, Verzonden, id)
	if err != nil {
		return fmt.Errorf("mark message %d sent: %w", id, err)
	}
	return nil
}

// Pending returns up to limit messages waiting for the dispatcher (state
// gemaakt), oldest first, except those with an id in skip.
func Pending(ctx context.Context, q database.Querier, limit int, skip map[int64]bool) ([]Bericht, error) {
	rows, err := q.Query(ctx, "SELECT "+cols+" FROM ijw_messages WHERE state = ? ORDER BY id LIMIT ?", Gemaakt, limit+len(skip))
	if err != nil {
		return nil, fmt.Errorf("pending messages: %w", err)
	}
	defer rows.Close()
	var out []Bericht
	for rows.Next() {
		b, err := scan(rows)
		if err != nil {
			return nil, err
		}
		if !skip[b.ID] && len(out) < limit {
			out = append(out, b)
		}
	}
	return out, rows.Err()
}

// Filter selects messages of one organisation for its inbox and outbox.
type Filter struct {
	OrgID int64
	// Host: the organisation is the region's host municipality, which also
	// sees every JW301 a municipality sends.
	Host      bool
	Direction string          // Uit (its outbox), In (its inbox) or "" (both)
	Type      ijw.MessageType // "" for all
	State     string          // "" for all
	Limit     int             // 0 means 200
}

// List returns the messages of f, those past their deadline without an
// answer first (by deadline), then the newest first. now decides what is
// overdue.
func List(ctx context.Context, q database.Querier, f Filter, now time.Time) ([]Bericht, error) {
	var where []string
	var args []any
	out := "sender_org_id = ?"
	outArgs := []any{f.OrgID}
	if f.Host {
		// The host sends the JW301s of its own region's municipalities.
		out = "(sender_org_id = ? OR (type = ? AND sender_org_id IN (SELECT id FROM organisations WHERE kind = 'gemeente' AND COALESCE(region_id, 0) = (SELECT COALESCE(region_id, 0) FROM organisations WHERE id = ?))))"
		outArgs = append(outArgs, string(ijw.TypeJW301), f.OrgID)
	}
	switch f.Direction {
	case Uit:
		where, args = append(where, out), append(args, outArgs...)
	case In:
		// A message is in the receiver's inbox once it was delivered.
		where, args = append(where, "receiver_org_id = ? AND received_at IS NOT NULL"), append(args, f.OrgID)
	default:
		where = append(where, "("+out+" OR (receiver_org_id = ? AND received_at IS NOT NULL))")
		args = append(append(args, outArgs...), f.OrgID)
	}
	if f.Type != "" {
		where, args = append(where, "type = ?"), append(args, string(f.Type))
	}
	if f.State != "" {
		where, args = append(where, "state = ?"), append(args, f.State)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 200
	}
	const overdue = "answer_id IS NULL AND due_at IS NOT NULL AND due_at < ?"
	args = append(args, now.UTC(), now.UTC(), limit)
	rows, err := q.Query(ctx, "SELECT "+cols+" FROM ijw_messages WHERE "+strings.Join(where, " AND ")+
		" ORDER BY CASE WHEN "+overdue+" THEN 0 ELSE 1 END, CASE WHEN "+overdue+" THEN due_at END, id DESC LIMIT ?", args...)
	if err != nil {
		return nil, fmt.Errorf("messages of organisation %d: %w", f.OrgID, err)
	}
	defer rows.Close()
	var list []Bericht
	for rows.Next() {
		b, err := scan(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, b)
	}
	return list, rows.Err()
}

// Overdue reports whether b waits for an answer past its deadline.
func (b Bericht) Overdue(now time.Time) bool {
	return b.AnswerID == 0 && !b.DueAt.IsZero() && now.After(b.DueAt) && (b.State == Verzonden || b.State == Ontvangen)
}

// AnsweredBy returns the message that b answers (b is its retour or JW325),
// or ErrNotFound.
func AnsweredBy(ctx context.Context, q database.Querier, answerID int64) (Bericht, error) {
	b, err := scan(q.QueryRow(ctx, "SELECT "+cols+" FROM ijw_messages WHERE answer_id = ? ORDER BY id LIMIT 1", answerID))
	if errors.Is(err, sql.ErrNoRows) {
		return b, ErrNotFound
	}
	return b, err
}

// SetTrajectory ties the messages ids that belong to no trajectory yet
// (a verzoek received from outside the platform, and its retour) to
// trajectory trajectoryID, with referentie, the provider's
// ReferentieAanbieder that answers to the verzoek carry. A message already
// tied to a trajectory is left as it is; ids of 0 are skipped.
func SetTrajectory(ctx context.Context, tx *database.Tx, trajectoryID int64, referentie string, ids ...int64) error {
	for _, id := range ids {
		if id == 0 {
			continue
		}
		if _, err := tx.Exec(ctx, "UPDATE ijw_messages SET trajectory_id = ?, referentie = ? WHERE id = ? AND trajectory_id IS NULL",
			trajectoryID, referentie, id); err != nil {
			return fmt.Errorf("tie message %d to trajectory %d: %w", id, trajectoryID, err)
		}
	}
	return nil
}

// ReferentieTrajectory returns the trajectory of a message that sender (an
// AGB code) sent with ReferentieAanbieder referentie, other than message
// skip, and 0 when no such message belongs to a trajectory. It reads the
// stored reference and the index of message keys (migration 0018).
func ReferentieTrajectory(ctx context.Context, q database.Querier, sender, referentie string, skip int64) (int64, error) {
	referentie = strings.TrimSpace(referentie)
	if referentie == "" {
		return 0, nil
	}
	var id int64
	err := q.QueryRow(ctx, `SELECT COALESCE(MAX(trajectory_id), 0) FROM ijw_messages WHERE sender = ? AND id <> ? AND trajectory_id IS NOT NULL
		AND (referentie = ? OR id IN (SELECT message_id FROM ijw_message_keys WHERE sleutel = ?))`,
		sender, skip, referentie, "ReferentieAanbieder:"+referentie).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("trajectory of reference of %s: %w", sender, err)
	}
	return id, nil
}
