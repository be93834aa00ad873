// Package uitwisseling moves iJw messages between organisations: it
// dispatches what the system made (Flush), receives what arrives (Receive:
// validate, store, answer with the retour, hand to the domain) and keeps
// each message's state and deadline in package berichten. Transport is one
// small interface with a loopback Hub (both ends on this platform, routed by
// AGB and CBS code as GGk and VECOZO do) and a Folder drop for a real
// GGk/VECOZO client.
//
// States of a message (berichten.Gemaakt …): gemaakt → verzonden → at the
// receiver beantwoord (accepted, retour written), verwerkt (accepted and its
// domain handler ran) or afgekeurd (rejected in its retour; it counts as not
// sent, OP286). A message to an organisation not on the platform stays
// verzonden until its retour comes back, which sets beantwoord or afgekeurd.
// Retours and JW325s are verwerkt once the original sender took them in.
// "ontvangen" is only seen inside the receiving transaction.
//
// Receiving is idempotent per sender, type and BerichtIdentificatie (the
// unique key of ijw_messages): a second delivery changes nothing and gets
// the stored answer. Assumptions where the sources are silent: the deadline
// of a message sent to an organisation outside the platform counts from
// the moment it was handed to the transport, since its receipt is not
// known; a handler's error aborts the receipt (nothing stored, the message
// is received again later) rather than storing an accepted but unprocessed
// message.
package uitwisseling

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// Handler is the domain effect of an accepted message of one type (e.g.
// "zorg gestart" for a JW305), run in the transaction that stores the
// message and its retour. An error aborts the whole receipt.
type Handler func(ctx context.Context, tx *database.Tx, b berichten.Bericht, m ijw.Message) error

// Check returns the level 3 and 4 findings (cross-message, external) on a
// received message of one type, replacing the ijw package's CheckCross
// against berichten.Knowledge for that type: a domain that knows more (the
// contract's tariffs for a JW323) registers one. It runs only when the
// in-message rules pass.
type Check func(ctx context.Context, q database.Querier, m ijw.Message) ([]ijw.Finding, error)

// Exchange receives and dispatches messages.
type Exchange struct {
	DB        *database.DB
	Transport Transport
	Calendar  kalender.Calendar
	Now       func() time.Time
	Log       *slog.Logger

	mu       sync.RWMutex
	handlers map[ijw.MessageType]Handler
	checks   map[ijw.MessageType]Check
	warnedID map[int64]bool // messages whose failed send was logged
}

// warned reports whether the failed send of message id is to be logged:
// once per message per process, so a receiver that is away does not fill
// the log every few seconds.
func (e *Exchange) warned(id int64) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.warnedID == nil {
		e.warnedID = map[int64]bool{}
	}
	if e.warnedID[id] {
		return false
	}
	e.warnedID[id] = true
	return true
}

func sendReason(err error) string {
	switch {
	case errors.Is(err, ErrNotOnPlatform):
		return "ontvanger niet op dit platform en geen map (--exchange-dir)"
	case errors.Is(err, ErrTransport):
		return "voldoet niet aan het XSD"
	}
	return err.Error()
}

// New returns an exchange on db sending through t.
func New(db *database.DB, t Transport) *Exchange {
	return &Exchange{DB: db, Transport: t, Calendar: kalender.Default, Now: time.Now, Log: slog.Default()}
}

// Register makes h the domain effect of accepted messages of type t.
func (e *Exchange) Register(t ijw.MessageType, h Handler) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.handlers == nil {
		e.handlers = map[ijw.MessageType]Handler{}
	}
	e.handlers[t] = h
}

func (e *Exchange) handler(t ijw.MessageType) Handler {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.handlers[t]
}

// RegisterCheck makes c the cross-message and external check of received
// messages of type t.
func (e *Exchange) RegisterCheck(t ijw.MessageType, c Check) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.checks == nil {
		e.checks = map[ijw.MessageType]Check{}
	}
	e.checks[t] = c
}

func (e *Exchange) check(t ijw.MessageType) Check {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.checks[t]
}

// ErrTransport: the bytes are not an iJw message that passes its XSD. The
// standard answers that with a transport error, not a retour (IV032).
var ErrTransport = errors.New("uitwisseling: transportfout, bericht voldoet niet aan het XSD")

// ErrNotOnPlatform: the receiver named in the message is not an
// organisation on this platform.
var ErrNotOnPlatform = errors.New("uitwisseling: ontvanger niet op dit platform")

// ErrReused: a message arrived with the sender, type and
// BerichtIdentificatie of an earlier, different message (TR056). It cannot
// be answered with a retour (that would repeat the earlier one's key), so
// it is refused as a transport error; the folder drop moves it to fout/.
var ErrReused = fmt.Errorf("%w: BerichtIdentificatie al gebruikt voor een ander bericht (TR056)", ErrTransport)

// sameMessage reports whether raw is the stored message again: the same
// bytes, or the same content written differently (whitespace, namespace
// prefixes), as a resend through another client may be.
func sameMessage(stored, raw []byte, m ijw.Message) bool {
	if bytes.Equal(stored, raw) {
		return true
	}
	old, err := ijw.Decode(bytes.NewReader(stored))
	if err != nil {
		return false
	}
	a, errA := ijw.Marshal(old)
	b, errB := ijw.Marshal(m)
	return errA == nil && errB == nil && bytes.Equal(a, b)
}

// errDuplicate: a concurrent receipt stored the same message first.
var errDuplicate = errors.New("uitwisseling: duplicate")

// Result is what Receive did with one message.
type Result struct {
	Message   berichten.Bericht // as stored
	Answer    berichten.Bericht // its retour or JW325; zero when it has none
	Accepted  bool              // no retourcode rejects it
	Duplicate bool              // received before: nothing was done again
}

// Term returns the deadline term of the answer to a message of type t
// (SPEC.md §3.7): a retour 3 working days after receipt (OP090), a JW325
// 10 working days after a JW323 (OP090x4); ok is false when t expects no
// answer.
func Term(t ijw.MessageType) (kalender.Term, bool) {
	switch {
	case t == ijw.TypeJW323:
		return kalender.WorkingDays(10), true
	case ijw.RetourType(t) != "":
		return kalender.WorkingDays(3), true
	}
	return kalender.Term{}, false
}

func (e *Exchange) now() time.Time { return e.Now().UTC() }

func (e *Exchange) due(t ijw.MessageType, from time.Time) time.Time {
	term, ok := Term(t)
	if !ok {
		return time.Time{}
	}
	return e.Calendar.Due(from, term)
}

// Receive takes in one message as it arrived: it decodes it (the hardened
// ijw decoder, which checks the XSD), stores it, checks the in-message rules
// and the cross-message rules against the database, writes its retour (or
// JW325) as a new outgoing message and, when accepted, runs the handler of
// its type — all in one transaction. A retour or JW325 updates the message
// it answers. A message received before is not processed again: the result
// holds the stored message and answer with Duplicate set.
func (e *Exchange) Receive(ctx context.Context, raw []byte) (Result, error) {
	m, err := ijw.Decode(bytes.NewReader(raw))
	if err != nil {
		return Result{}, fmt.Errorf("%w: %v", ErrTransport, err)
	}
	sender, _, ident := berichten.Parties(m)
	t := m.MessageType()
	now := e.now()
	var res Result
	err = e.DB.Do(ctx, func(tx *database.Tx) error {
		res = Result{}
		b, err := berichten.Find(ctx, tx, sender, t, ident)
		switch {
		case err == nil:
			if !b.ReceivedAt.IsZero() || b.Direction == berichten.In {
				return errDuplicate
			}
			if b.ReceiverOrgID == 0 {
				return ErrNotOnPlatform
			}
			ok, err := berichten.MarkReceived(ctx, tx, b.ID, now)
			if err != nil {
				return err
			}
			if !ok {
				return errDuplicate
			}
			b.ReceivedAt, b.State = now, berichten.Ontvangen
			if b.SentAt.IsZero() {
				b.SentAt = now
			}
		case errors.Is(err, berichten.ErrNotFound):
			_, receiver, _ := berichten.Parties(m)
			b, err = berichten.Insert(ctx, tx, berichten.Bericht{Direction: berichten.In, Type: t, Sender: sender, Receiver: receiver, Identificatie: ident,
				XML: raw, CreatedAt: now, State: berichten.Ontvangen, ReceivedAt: now})
			if database.IsUniqueViolation(err) {
				return errDuplicate
			}
			if err != nil {
				return err
			}
			if b.ReceiverOrgID == 0 {
				return ErrNotOnPlatform
			}
		default:
			return err
		}
		return e.process(ctx, tx, &res, b, m, now)
	})
	if errors.Is(err, errDuplicate) {
		res, err := e.stored(ctx, sender, t, ident)
		if err == nil && !sameMessage(res.Message.XML, raw, m) {
			return Result{}, fmt.Errorf("%w: %s %s of %s", ErrReused, t, ident, sender)
		}
		return res, err
	}
	if err != nil {
		return Result{}, fmt.Errorf("receive %s %s of %s: %w", t, ident, sender, err)
	}
	return res, nil
}

// stored returns the result of a message received before.
func (e *Exchange) stored(ctx context.Context, sender string, t ijw.MessageType, ident string) (Result, error) {
	res := Result{Duplicate: true}
	err := e.DB.Read(ctx, func(tx *database.Tx) error {
		var err error
		if res.Message, err = berichten.Find(ctx, tx, sender, t, ident); err != nil {
			return err
		}
		res.Accepted = res.Message.State != berichten.Afgekeurd
		if res.Message.AnswerID != 0 && ijw.RetourType(t) != "" {
			res.Answer, err = berichten.Get(ctx, tx, res.Message.AnswerID)
		}
		return err
	})
	if err != nil {
		return Result{}, fmt.Errorf("stored %s %s of %s: %w", t, ident, sender, err)
	}
	return res, nil
}

// agbOf returns whichever of the codes is an AGB code (8 digits).
func agbOf(codes ...string) string {
	for _, c := range codes {
		if len(c) == 8 {
			return c
		}
	}
	return ""
}

func (e *Exchange) process(ctx context.Context, tx *database.Tx, res *Result, b berichten.Bericht, m ijw.Message, now time.Time) error {
	t := m.MessageType()
	if ijw.RetourType(t) == "" {
		return e.applyAnswer(ctx, tx, res, b, m, now)
	}
	findings := ijw.Validate(m)
	if c := e.check(t); c != nil && len(findings) == 0 {
		var err error
		if findings, err = c(ctx, tx, m); err != nil {
			return fmt.Errorf("check %s: %w", t, err)
		}
	} else if len(findings) == 0 {
		k, err := berichten.KnowledgeAbout(ctx, tx, agbOf(b.Sender, b.Receiver), b.ID, t, b.XML)
		if err != nil {
			return err
		}
		findings = ijw.CheckCross(m, k)
	}
	retour, err := ijw.Retour(m, ijw.RetourOptions{Findings: findings, Dagtekening: ijw.NewDate(now.In(kalender.Amsterdam()))})
	if err != nil {
		return fmt.Errorf("retour: %w", err)
	}
	ans, err := berichten.Write(ctx, tx, retour, berichten.Bericht{TrajectoryID: b.TrajectoryID, Referentie: b.Referentie, CreatedAt: now})
	if err != nil {
		return fmt.Errorf("store retour: %w", err)
	}
	codes, accepted := verdict(t, findings)
	state := berichten.Beantwoord
	if !accepted {
		state = berichten.Afgekeurd
	}
	b.State, b.AnswerID, b.RetourCodes, b.DueAt, b.ProcessedAt = state, ans.ID, codes, e.due(t, b.ReceivedAt), now
	if h := e.handler(t); h != nil && accepted {
		b.State = berichten.Verwerkt
		if err := h(ctx, tx, b, m); err != nil {
			return fmt.Errorf("handler %s: %w", t, err)
		}
	}
	if err := berichten.SetAnswer(ctx, tx, b.ID, b.State, ans.ID, codes, b.DueAt, now); err != nil {
		return err
	}
	*res = Result{Message: b, Answer: ans, Accepted: accepted}
	return nil
}

// verdict returns the retourcodes of findings, comma-separated, and whether
// the message is accepted. A JW323 is rejected only as a whole (an
// in-message rule or a header finding); findings on its prestaties reject
// those prestaties in the JW325, not the declaratie.
func verdict(t ijw.MessageType, findings []ijw.Finding) (string, bool) {
	var codes []string
	accepted := true
	for _, f := range findings {
		c := f.Rule.Retour
		if f.Rule.Level <= ijw.LevelXSLT {
			c = ijw.CodeTechnisch
		}
		if !contains(codes, c) {
			codes = append(codes, c)
		}
		if t != ijw.TypeJW323 || f.Rule.Level <= ijw.LevelXSLT || f.Target == nil {
			accepted = false
		}
	}
	return strings.Join(codes, ","), accepted
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var retourCodeRe = regexp.MustCompile(`RetourCode>\s*([0-9A-Z]{4})\s*<`)

// codesIn returns the retourcodes anywhere in an answer's XML, and whether
// one of them rejects (anything but 0200, 0233 and 8001).
func codesIn(xml []byte) (string, bool) {
	var codes []string
	rejects := false
	for _, mm := range retourCodeRe.FindAllSubmatch(xml, -1) {
		c := string(mm[1])
		if !contains(codes, c) {
			codes = append(codes, c)
		}
		if c != ijw.CodeGeenOpmerking && c != ijw.CodeNietBeoordeeld && c != ijw.CodeVolledigToegekend {
			rejects = true
		}
	}
	return strings.Join(codes, ","), rejects
}

// answered returns the key of the message an answer answers.
func answered(m ijw.Message) (sender string, t ijw.MessageType, ident string, ok bool) {
	h := ijw.Header(m)
	if berichten.IsRetour(m.MessageType()) {
		for _, heen := range []ijw.MessageType{ijw.TypeJW301, ijw.TypeJW305, ijw.TypeJW307, ijw.TypeJW315, ijw.TypeJW317, ijw.TypeJW319} {
			if ijw.RetourType(heen) == m.MessageType() {
				return h.Afzender, heen, h.BerichtIdentificatie.Identificatie, true
			}
		}
	}
	if a, isAnswer := m.(*ijw.JW325); isAnswer {
		return h.Ontvanger, ijw.TypeJW323, a.Header.DeclaratieIdentificatie.Identificatie, true
	}
	return "", "", "", false
}

// applyAnswer takes in a message that is not answered itself: a retour or
// JW325 updates the message it answers (when that one still waited: on the
// loopback the receiver already recorded its verdict), then the handler of
// its type runs.
func (e *Exchange) applyAnswer(ctx context.Context, tx *database.Tx, res *Result, b berichten.Bericht, m ijw.Message, now time.Time) error {
	codes, rejects := codesIn(b.XML)
	if sender, t, ident, ok := answered(m); ok {
		heen, err := berichten.Find(ctx, tx, sender, t, ident)
		switch {
		case errors.Is(err, berichten.ErrNotFound):
			e.Log.Warn("antwoord op onbekend bericht", "type", string(m.MessageType()), "id", b.ID)
		case err != nil:
			return err
		case heen.AnswerID == 0:
			state := berichten.Beantwoord
			if rejects && t != ijw.TypeJW323 {
				state = berichten.Afgekeurd
			}
			if err := berichten.SetAnswer(ctx, tx, heen.ID, state, b.ID, codes, time.Time{}, now); err != nil {
				return err
			}
		}
	}
	b.State, b.ProcessedAt, b.RetourCodes = berichten.Verwerkt, now, codes
	if h := e.handler(m.MessageType()); h != nil {
		if err := h(ctx, tx, b, m); err != nil {
			return fmt.Errorf("handler %s: %w", m.MessageType(), err)
		}
	}
	if err := berichten.SetAnswer(ctx, tx, b.ID, b.State, 0, codes, time.Time{}, now); err != nil {
		return err
	}
	*res = Result{Message: b, Accepted: true}
	return nil
}

// Flush sends every message in state gemaakt through the Transport and
// marks it verzonden, each in a transaction of its own after its send: a
// crash between the two resends it once, and the receiver's idempotency
// absorbs that. Answers the loopback writes during a send are sent in the
// same Flush. It returns how many were sent and the first send error; a
// message that failed waits for the next Flush.
func (e *Exchange) Flush(ctx context.Context) (int, error) {
	failed := map[int64]bool{}
	var first error
	sent := 0
	for {
		batch, err := berichten.Pending(ctx, e.DB, 50, failed)
		if err != nil {
			return sent, err
		}
		if len(batch) == 0 {
			return sent, first
		}
		for _, b := range batch {
			if err := ctx.Err(); err != nil {
				return sent, err
			}
			if err := e.Transport.Send(ctx, b.Sender, b.Receiver, b.XML); err != nil {
				failed[b.ID] = true
				if first == nil {
					first = fmt.Errorf("send %s %d: %w", b.Type, b.ID, err)
				}
				if e.warned(b.ID) {
					// Only the reason's kind: an XSD error may quote a value.
					e.Log.Warn("bericht niet verzonden; volgende pogingen worden niet meer gemeld", "type", string(b.Type), "id", b.ID, "reden", sendReason(err))
				}
				continue
			}
			now := e.now()
			if err := e.DB.Do(ctx, func(tx *database.Tx) error {
				return berichten.MarkSent(ctx, tx, b.ID, now, e.due(b.Type, now))
			}); err != nil {
				return sent, err
			}
			sent++
		}
	}
}

// Run flushes every interval until ctx ends, logging (without client data)
// what fails. With a Folder it also imports the folder's inbox first.
func (e *Exchange) Run(ctx context.Context, interval time.Duration, folder *Folder) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if folder != nil {
			if _, err := folder.Import(ctx, e); err != nil && ctx.Err() == nil {
				e.Log.Error("berichten inlezen", "err", err.Error())
			}
		}
		if _, err := e.Flush(ctx); err != nil && ctx.Err() == nil {
			e.Log.Warn("berichten verzenden", "err", err.Error())
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
