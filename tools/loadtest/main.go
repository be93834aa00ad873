// Command loadtest drives many logged-in users against a running jeugdhulp
// demo on this machine: each user reads youths' pages and changes
// addresses, for a bounded time. It only talks to loopback addresses.
//
//	go run ./tools/loadtest -url http://127.0.0.1:18090 -users 200 -duration 30s
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

var (
	csrfRe   = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	clientRe = regexp.MustCompile(`href="/clienten/([0-9]+)"`)
	gemRe    = regexp.MustCompile(`<option value="([0-9]+)"`)
)

type user struct {
	c        *http.Client
	csrf     string
	clients  []string
	gemeente string
	writes   bool
}

func main() {
	base := flag.String("url", "http://127.0.0.1:18090", "jeugdhulp demo (loopback only)")
	users := flag.Int("users", 200, "concurrent logged-in users")
	dur := flag.Duration("duration", 30*time.Second, "how long to run")
	password := flag.String("password", "demo-jeugdhulp", "demo password")
	flag.Parse()
	u, err := url.Parse(*base)
	if err != nil || !isLoopback(u.Hostname()) {
		fmt.Fprintln(os.Stderr, "loadtest: alleen adressen op deze machine (127.0.0.0/8, ::1, localhost)")
		os.Exit(2)
	}
	accounts := []struct {
		email  string
		writes bool
	}{{"toegang@demo.jeugdhulp.nl", true}, {"backoffice@demo.jeugdhulp.nl", true}, {"aanbieder@demo.jeugdhulp.nl", false}, {"crisis@demo.jeugdhulp.nl", true}, {"gi@demo.jeugdhulp.nl", true}}

	tr := &http.Transport{MaxIdleConnsPerHost: *users, MaxConnsPerHost: *users}
	us := make([]*user, *users)
	// Log in a few at a time: each login costs an argon2id hash (64 MiB).
	sem := make(chan struct{}, 2)
	var wg sync.WaitGroup
	var loginErr atomic.Value
	for i := range us {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			a := accounts[i%len(accounts)]
			usr, err := login(tr, *base, a.email, *password)
			if err != nil {
				loginErr.Store(err)
				return
			}
			usr.writes = a.writes
			us[i] = usr
		}(i)
	}
	wg.Wait()
	if err, _ := loginErr.Load().(error); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest: login:", err)
		os.Exit(1)
	}

	var reads, writes, errs atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	var firstErr atomic.Value
	deadline := time.Now().Add(*dur)
	for i, usr := range us {
		wg.Add(1)
		go func(i int, usr *user) {
			defer wg.Done()
			var local []time.Duration
			for n := 0; time.Now().Before(deadline); n++ {
				id := usr.clients[n%len(usr.clients)]
				t0 := time.Now()
				var status int
				var err error
				if usr.writes && n%5 == 4 {
					form := url.Values{"csrf": {usr.csrf}, "straat": {fmt.Sprintf("Laststraat %d", n)}, "huisnummer": {"1"}, "postcode": {"5000 AA"},
						"woonplaats": {"Tilburg"}, "gemeente_id": {usr.gemeente}, "doel": {"hulpverlening"}}
					status, err = do(usr.c, "POST", *base+"/clienten/"+id+"/adres", form)
					writes.Add(1)
				} else {
					status, err = do(usr.c, "GET", *base+"/clienten/"+id, nil)
					reads.Add(1)
				}
				local = append(local, time.Since(t0))
				if err != nil || (status != 200 && status != 303) {
					errs.Add(1)
					if err == nil {
						err = fmt.Errorf("status %d", status)
					}
					firstErr.CompareAndSwap(nil, err)
				}
			}
			mu.Lock()
			lat = append(lat, local...)
			mu.Unlock()
		}(i, usr)
	}
	wg.Wait()
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[int(float64(len(lat)-1)*p)]
	}
	total := reads.Load() + writes.Load()
	fmt.Printf("users=%d duration=%s requests=%d reads=%d writes=%d errors=%d rate=%.0f/s p50=%s p95=%s p99=%s max=%s\n",
		*users, *dur, total, reads.Load(), writes.Load(), errs.Load(), float64(total)/dur.Seconds(),
		pct(0.5).Round(time.Millisecond), pct(0.95).Round(time.Millisecond), pct(0.99).Round(time.Millisecond), pct(1).Round(time.Millisecond))
	if e, _ := firstErr.Load().(error); e != nil {
		fmt.Println("first error:", e)
		os.Exit(1)
	}
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func do(c *http.Client, method, u string, form url.Values) (int, error) {
	var resp *http.Response
	var err error
	if form != nil {
		resp, err = c.PostForm(u, form)
	} else {
		resp, err = c.Get(u)
	}
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

func login(tr *http.Transport, base, email, password string) (*user, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Transport: tr, Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	status, err := do(c, "POST", base+"/login", url.Values{"email": {email}, "password": {password}})
	if err != nil || status != 303 {
		return nil, fmt.Errorf("%s: status %d %v", email, status, err)
	}
	resp, err := c.Get(base + "/clienten")
	if err != nil {
		return nil, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	u := &user{c: c}
	if m := csrfRe.FindSubmatch(body); m != nil {
		u.csrf = string(m[1])
	}
	for _, m := range clientRe.FindAllSubmatch(body, -1) {
		u.clients = append(u.clients, string(m[1]))
	}
	if len(u.clients) == 0 {
		return nil, fmt.Errorf("%s sees no youths", email)
	}
	resp, err = c.Get(base + "/clienten/" + u.clients[0])
	if err != nil {
		return nil, err
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if m := gemRe.FindSubmatch(body); m != nil {
		u.gemeente = string(m[1])
	}
	return u, nil
}
