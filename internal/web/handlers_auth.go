package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/account"
)

type loginData struct {
	Email      string
	Error      string
	Expired    bool
	OIDC       bool
	DigiD      bool
	DemoLogins []DemoLogin
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request, status int, d loginData) {
	d.OIDC = s.OIDC != nil
	d.DigiD = s.DigiD != nil
	d.DemoLogins = s.DemoLogins
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "login", page{Title: "Inloggen", Data: d})
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	s.loginPage(w, r, http.StatusOK, loginData{Expired: r.URL.Query().Get("verlopen") == "1"})
}

const badLogin = "Het e-mailadres of het wachtwoord klopt niet."

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		s.loginPage(w, r, http.StatusRequestEntityTooLarge, loginData{Error: "Het formulier is te groot."})
		return
	}
	if !readableForm(r.PostForm) {
		s.loginPage(w, r, http.StatusBadRequest, loginData{Error: badLogin})
		return
	}
	email := strings.TrimSpace(r.PostForm.Get("email"))
	src := s.SourceOf(r)
	if !s.ipLimiter.allow(src, s.Now()) || !s.limiter.allow(src+"|"+strings.ToLower(email), s.Now()) {
		w.Header().Set("Retry-After", "60")
		s.loginPage(w, r, http.StatusTooManyRequests, loginData{Email: email, Error: "Te veel inlogpogingen vanaf dit adres. Wacht een minuut en probeer het opnieuw."})
		return
	}
	u, err := s.Accounts.Authenticate(r.Context(), email, r.PostForm.Get("password"))
	switch {
	case errors.Is(err, account.ErrBadCredentials):
		s.loginPage(w, r, http.StatusUnauthorized, loginData{Email: email, Error: badLogin})
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	s.startSession(w, r, u)
}

func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u account.User) {
	tok, err := s.Accounts.NewSession(r.Context(), u.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.setCookie(w, sessionCookie, tok, s.Accounts.Policy.SessionAbsolute, "/")
	s.Log.Info("login", "user_id", u.ID, "org_id", u.OrgID)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	_, tok := sessionFrom(r)
	if err := s.Accounts.EndSession(r.Context(), tok); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.clearCookie(w, sessionCookie)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

const oidcCookie = "jeugdhulp_oidc"

func (s *Server) oidcStart(w http.ResponseWriter, r *http.Request) {
	if s.OIDC == nil {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	authURL, flow := s.OIDC.Start()
	s.setCookie(w, oidcCookie, flow.State+"."+flow.Nonce+"."+flow.Verifier, 10*time.Minute, "/login/oidc")
	http.Redirect(w, r, authURL, http.StatusFound)
}

func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) {
	if s.OIDC == nil {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	c, err := r.Cookie(oidcCookie)
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Path: "/login/oidc", MaxAge: -1, HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode})
	parts := []string{}
	if err == nil {
		parts = strings.Split(c.Value, ".")
	}
	if len(parts) != 3 {
		s.loginPage(w, r, http.StatusBadRequest, loginData{Error: "Inloggen via uw organisatie is niet gelukt: de aanmelding is verlopen. Probeer het opnieuw."})
		return
	}
	q := r.URL.Query()
	u, err := s.OIDC.Finish(r.Context(), account.OIDCFlow{State: parts[0], Nonce: parts[1], Verifier: parts[2]}, q.Get("state"), q.Get("code"))
	if err != nil {
		s.Log.Warn("oidc login failed", "err", err)
		s.loginPage(w, r, http.StatusUnauthorized, loginData{Error: "Inloggen via uw organisatie is niet gelukt. Heeft u een account in jeugdhulp met hetzelfde e-mailadres? Neem anders contact op met de beheerder."})
		return
	}
	s.startSession(w, r, u)
}
