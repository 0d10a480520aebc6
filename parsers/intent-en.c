/* English cues for intent detection: a sentence as tokens; renew, continue, cancel, ... read by the words around them. */
#include <string.h>

#include "parsers_priv.h"

static bool
tok_is(const struct parse_intent_tok *t, const char *w)
{
	return strlen(w) == t->n && memcmp(t->s, w, t->n) == 0;
}

static bool
tok_in(const struct parse_intent_tok *t, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (tok_is(t, list[i]))
			return true;
	return false;
}

/* The two above for the other files (intent-doubt.c). */
bool
parse_intent_en_tok_is(const struct parse_intent_tok *t, const char *w)
{
	return tok_is(t, w);
}

bool
parse_intent_en_tok_in(const struct parse_intent_tok *t, const char *const *list)
{
	return tok_in(t, list);
}

static const char *const EN_CONJ[] = {
	"but", "however", "although", "though", "and", "because", "since", "while", "so",
	"as", "thus", "therefore", NULL,
};

/* Words of the lowered sentence [s, e): letters, digits and apostrophes. */
int
parse_intent_en_tokenize(const char *s, const char *e, struct parse_intent_tok *t, int max)
{
	static const char *const contrast[] = {"but", "however", "although", "though", NULL};
	int n = 0;
	bool brk = true, con = false;

	for (const char *p = s; p < e && n < max;) {
		unsigned char c = (unsigned char)*p;

		if (g_ascii_isalnum(c)) {
			const char *q = p;

			while (q < e && (g_ascii_isalnum(*q) || *q == '\'' ||
					 (*q == '-' && q + 1 < e && g_ascii_isalpha(q[1]))))
				q++;
			t[n] = (struct parse_intent_tok){p, (size_t)(q - p), brk, con};
			brk = con = false;
			if (tok_in(&t[n], EN_CONJ)) {
				brk = true;  /* the conjunction ends its clause, not kept */
				con = tok_in(&t[n], contrast);
			} else {
				n++;
			}
			p = q;
		} else {
			if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c >= 0x80)
				brk = true;
			p++;
		}
	}
	return n;
}

static bool
tok_negates(const struct parse_intent_tok *t)
{
	static const char *const neg[] = {
		"not", "no", "never", "nor", "neither", "without", "cannot", "unable", "against", "dont", "wont",
		"cant", "didnt", "doesnt", "isnt", "wouldnt", "shouldnt", "arent", NULL,
	};

	return tok_in(t, neg) || (t->n > 3 && memcmp(t->s + t->n - 3, "n't", 3) == 0);
}

static const char *const EN_CHAIN[] = {
	"to", "be", "been", "being", "going", "want", "wants", "wish", "plan", "planning",
	"intend", "intending", "like", "love", "need", "needs", "decided", "decide", "able",
	"will", "would", "shall", "should", "do", "does", "did", "have", "has", "had", "rather",
	"prefer", "longer", "we", "i", "further", "any", "more", "also", "really", "currently",
	"again", "then", "unfortunately", "sadly", "this", "time", "year", "at", "all", "is",
	"are", "am", "was", "were", "there", "the", "a", "an", "our", "my", "it", "that",
	"kindly", "please", "proceed", "with", "go", "ahead", "happy", "glad", "ok", "okay", "yes",
	"sure", "let's", "lets", "us", "just", "simply", "definitely", "certainly", "anymore",
	"hereby", "respectfully", "politely", "still", "now", "for", "process", "confirm",
	"approve", "accept", "request", "arrange", "can", "could", "may", "must", "we'd", "i'd",
	"we'll", "i'll", "we're", "i'm", "you", "agree", "whole", "hi", "hello", "dear", "thanks",
	"thank", "formally", "officially", "gladly", "happily", "go-ahead", "same", "usual",
	"think", "believe", "expect", "suppose", "plans", "intention", "intentions", "take", NULL,
};
static const char *const EN_FRAME[] = {
	"please", "kindly", "will", "shall", "would", "want", "wants", "wish", "intend",
	"intending", "plan", "planning", "going", "decided", "decide", "agree", "like", "love",
	"prefer", "happy", "glad", "yes", "ok", "okay", "sure", "let's", "lets", "can", "could",
	"need", "needs", "must", "proceed", "ahead", "process", "confirm", "approve", "accept",
	"request", "arrange", "we'll", "i'll", "we'd", "i'd", "hereby", NULL,
};
static const char *const EN_NOUNISH[] = {
	"notice", "notices", "fee", "fees", "date", "dates", "cost", "costs", "price", "prices",
	"deadline", "reminder", "email", "e-mail", "mail", "invoice", "quote", "quotation",
	"amount", "period", "terms", "form", "letter", "message", "information", "info",
	"details", "procedure", "schedule", "month", "timing", "link", "page", "status", NULL,
};
static const char *const EN_OBJECT[] = {
	"certificate", "certificates", "cert", "certs", "ssl", "renewal", "it", "this", "service",
	"services", "contract", "subscription", "site", "website", "domain", "anymore", "them",
	"order", "plan", "hosting", "using", "use", "account", NULL,
};

/* Looks left of token k, across chain words only. */
struct left {
	bool neg, frame, start, be;  /* start: nothing before in the clause */
};

static struct left
look_left(const struct parse_intent_tok *t, int k)
{
	struct left l = {false, false, true, false};

	for (int i = k - 1; i >= 0; i--) {
		if (t[i + 1].brk)
			break;
		if (tok_negates(&t[i])) {
			/* "don't forget to", "don't hesitate to" */
			if (i + 1 < k && (tok_is(&t[i + 1], "forget") || tok_is(&t[i + 1], "hesitate")))
				break;
			l.neg = true;
			l.start = false;
			continue;
		}
		if (!tok_in(&t[i], EN_CHAIN)) {
			l.start = false;
			break;
		}
		if (tok_in(&t[i], EN_FRAME))
			l.frame = true;
		if (i == k - 1 && (tok_is(&t[i], "are") || tok_is(&t[i], "am") ||
				   tok_is(&t[i], "we're") || tok_is(&t[i], "i'm") || tok_is(&t[i], "be")))
			l.be = true;
		if (i == k - 1 && (tok_is(&t[i], "we") || tok_is(&t[i], "i")))
			l.frame = true;
		if (!tok_in(&t[i], (const char *const[]){"yes", "ok", "okay", "hi", "hello", "dear",
							 "thanks", "thank", "so", NULL}))
			l.start = false;
	}
	return l;
}

/* Whether the clause right of k holds one of words within max tokens. */
static bool
right_has(const struct parse_intent_tok *t, int n, int k, const char *const *words, int max)
{
	for (int i = k + 1; i < n && i <= k + max; i++) {
		if (t[i].brk)
			return false;
		if (tok_in(&t[i], words))
			return true;
	}
	return false;
}

static bool
right_empty(const struct parse_intent_tok *t, int n, int k)
{
	return k + 1 >= n || t[k + 1].brk;
}

/* Right of k, only words from allowed (or nothing). */
static bool
right_only(const struct parse_intent_tok *t, int n, int k, const char *const *allowed)
{
	for (int i = k + 1; i < n && !t[i].brk; i++)
		if (!tok_in(&t[i], allowed))
			return false;
	return true;
}

static bool
clause_has(const struct parse_intent_tok *t, int n, int k, const char *const *words)
{
	int b = k, e = k;

	while (b > 0 && !t[b].brk)
		b--;
	while (e + 1 < n && !t[e + 1].brk)
		e++;
	for (int i = b; i <= e; i++)
		if (tok_in(&t[i], words))
			return true;
	return false;
}

static bool
clause_negated_before(const struct parse_intent_tok *t, int k)
{
	for (int i = k - 1; i >= 0; i--) {
		if (tok_negates(&t[i]))
			return true;
		if (t[i].brk)
			break;
	}
	return false;
}

static bool
same_clause(const struct parse_intent_tok *t, int n, int a, int b)
{
	int lo = a < b ? a : b, hi = a < b ? b : a;

	for (int i = lo + 1; i <= hi && i < n; i++)
		if (t[i].brk)
			return false;
	return true;
}

static const char *const EN_ELSEWHERE[] = {
	"elsewhere", "ourselves", "in-house", "inhouse", "letsencrypt", NULL,
};
static const char *const EN_ELSE_NOUN[] = {
	"provider", "providers", "vendor", "company", "supplier", "ca", "host", "hosting",
	"registrar", "reseller", "service", "certificate", "authority", NULL,
};
static const char *const EN_MOVE[] = {
	"moved", "move", "moving", "switched", "switch", "switching", "migrated", "migrate",
	"migrating", "transferred", "transfer", "transferring", "changed", "change", "changing",
	"going", "go", "use", "using", "used", "purchase", "purchased", "purchasing", "buy",
	"bought", "buying", "obtain", "obtained", "get", "got", "getting", "handle", "handling",
	"manage", "managing", "issue", "issued", "renew", "renewing", "renewed", "decided", "went",
	"install", "installed", "chose", "chosen", "choose", "selected", NULL,
};

static void english_cues_of(struct parse_intent_scan *sc, struct parse_intent_tok *t, int n);

/* English cues of the lowered sentence [ls, le); a cue whose clause is
 * followed by "but ..." is marked. */
void
parse_intent_en_cues(struct parse_intent_scan *sc, const char *ls, const char *le)
{
	/* "We'd like to renew, but please send the invoice to ..." is fine. */
	static const char *const request[] = {
		"please", "kindly", "could", "can", "would", "thanks", "thank", NULL,
	};
	struct parse_intent_tok t[PARSE_INTENT_MAX_TOKENS];
	int n = parse_intent_en_tokenize(ls, le, t, PARSE_INTENT_MAX_TOKENS);
	int first = sc->ncues;

	english_cues_of(sc, t, n);
	sc->tok = -1;
	for (int i = first; i < sc->ncues; i++) {
		struct parse_intent_cue *c = &sc->cues[i];
		int ci = -1;

		if (c->pol != PARSE_CUE_RENEW && c->pol != PARSE_CUE_DECLINE)
			continue;
		for (int k = c->tok + 1; k < n && ci < 0; k++)
			if (t[k].contrast)
				ci = k;
		if (ci < 0)
			continue;
		c->contrast = true;
		/* "We'd like to renew but need a quote first." */
		if (c->pol == PARSE_CUE_RENEW && !tok_in(&t[ci], request)) {
			c->pol = PARSE_CUE_UNSURE;
			c->why = "renew with a reservation";
		}
	}
}

static void
english_cues_of(struct parse_intent_scan *sc, struct parse_intent_tok *t, int n)
{
	bool elsewhere = false;

	/* Moving elsewhere: "we have moved to another provider". */
	for (int k = 0; k < n; k++) {
		bool here;

		sc->tok = k;
		here = tok_in(&t[k], EN_ELSEWHERE) ||
			    ((tok_is(&t[k], "let's") || tok_is(&t[k], "lets")) && k + 1 < n &&
			     tok_is(&t[k + 1], "encrypt")) ||
			    ((tok_is(&t[k], "another") || tok_is(&t[k], "different") ||
			      tok_is(&t[k], "other") || tok_is(&t[k], "free") || tok_is(&t[k], "own")) &&
			     k + 1 < n && tok_in(&t[k + 1], EN_ELSE_NOUN));
		if (!here)
			continue;
		elsewhere = true;
		for (int j = 0; j < n; j++) {
			if (!tok_in(&t[j], EN_MOVE) || !same_clause(t, n, j, k))
				continue;
			if (clause_negated_before(t, j))
				parse_intent_add_cue(sc, PARSE_CUE_NEGATED, false, "denied decline");
			else
				parse_intent_add_cue(sc, PARSE_CUE_DECLINE, false, NULL);
			break;
		}
		break;
	}

	for (int k = 0; k < n; k++) {
		struct parse_intent_tok *w = &t[k];
		struct left l;

		sc->tok = k;
		if (tok_is(w, "renew") || tok_is(w, "renewing") || tok_is(w, "renewal") ||
		    tok_is(w, "renewals") || tok_is(w, "renews")) {
			bool noun = w->n > 5 && w->s[5] == 'a';

			if (noun && k + 1 < n && !t[k + 1].brk && tok_in(&t[k + 1], EN_NOUNISH))
				continue;
			if (elsewhere)
				continue;
			/* "Please renew our domain": another product. */
			if ((k + 1 < n && !t[k + 1].brk && tok_is(&t[k + 1], "your")) ||
			    (right_has(t, n, k, (const char *const[]){"domain", "domains", "hosting", "server",
								       "email", "mailbox", "account", "subscription",
								       "membership", "policy", "password", NULL}, 6) &&
			     !right_has(t, n, k, (const char *const[]){"certificate", "certificates", "cert",
								       "ssl", "tls", NULL}, 6))) {
				if (!look_left(t, k).start || !noun)
					parse_intent_add_cue(sc, PARSE_CUE_OTHER, false,
							     "renewal of something else");
				continue;
			}
			l = look_left(t, k);
			if (l.neg) {
				parse_intent_add_cue(sc, PARSE_CUE_DECLINE, false, NULL);
			} else if (l.frame || (l.be && tok_is(w, "renewing"))) {
				parse_intent_add_cue(sc, PARSE_CUE_RENEW, false, NULL);
			} else if (l.start && tok_is(w, "renew")) {
				parse_intent_add_cue(sc, PARSE_CUE_RENEW, false, NULL);
			} else if (l.start && noun &&
				   right_only(t, n, k, (const char *const[]){"please", "thanks", "thank", "you",
									      "is", "fine", "ok", "okay", "confirmed",
									      "yes", "requested", NULL})) {
				if (!right_empty(t, n, k))
					parse_intent_add_cue(sc, PARSE_CUE_RENEW, false, NULL);
			}
			/* "renewal is not needed" */
			if (noun) {
				static const char *const needed[] = {"needed", "necessary", "required", "wanted", NULL};
				bool neg = false;

				for (int i = k + 1; i < n && i <= k + 6 && !t[i].brk; i++) {
					if (tok_negates(&t[i]))
						neg = true;
					if (tok_is(&t[i], "unnecessary") || (neg && tok_in(&t[i], needed))) {
						parse_intent_add_cue(sc, PARSE_CUE_DECLINE, false, NULL);
						break;
					}
				}
			}
			continue;
		}
		/* "We have submitted the application form", "I'll fill in the form". */
		if (tok_is(w, "form") || tok_is(w, "application")) {
			static const char *const sent[] = {
				"submitted", "sent", "filled", "completed", "submit", "send", "fill",
				"complete", "submitting", "sending", "filling", NULL,
			};
			static const char *const us[] = {
				"we", "i", "we've", "i've", "we'll", "i'll", "we're", "i'm", NULL,
			};
			static const char *const asks[] = {"please", "you", "could", "can", "would", NULL};

			for (int j = 0; j < n; j++) {
				bool by_us = false, asked = false;

				if (!tok_in(&t[j], sent) || !same_clause(t, n, j, k))
					continue;
				for (int i = j - 1; i >= 0 && !t[i + 1].brk; i--) {
					by_us |= tok_in(&t[i], us);
					asked |= tok_in(&t[i], asks);
				}
				if (by_us && !asked && !look_left(t, j).neg && !clause_negated_before(t, j))
					parse_intent_add_cue(sc, PARSE_CUE_RENEW, false, NULL);
				break;
			}
			continue;
		}
		if (tok_is(w, "continue") || tok_is(w, "continuing")) {
			static const char *const obj[] = {
				"using", "use", "with", "service", "services", "certificate", "cert", "ssl",
				"contract", "subscription", "renewal", "it", "plan", "hosting", NULL,
			};
			if (!right_empty(t, n, k) && !right_has(t, n, k, obj, 4))
				continue;
			l = look_left(t, k);
			if (l.neg)
				parse_intent_add_cue(sc, PARSE_CUE_DECLINE, false, NULL);
			else if (l.frame || (l.be && tok_is(w, "continuing")))
				parse_intent_add_cue(sc, PARSE_CUE_RENEW, false, NULL);
			continue;
		}
		if (tok_is(w, "proceed") || (tok_is(w, "ahead") && k > 0 && tok_is(&t[k - 1], "go"))) {
			static const char *const ok[] = {
				"with", "it", "the", "renewal", "process", "certificate", "cert", "ssl",
				"order", "our", "as", "usual", "planned", "please", "thanks", "thank", "you",
				"same", "before", "application", "request", "last", "year", "this", "renewing",
				"renew", "and", NULL,
			};
			if (!right_only(t, n, k, ok))
				continue;
			l = look_left(t, tok_is(w, "ahead") ? k - 1 : k);
			if (l.neg)
				parse_intent_add_cue(sc, PARSE_CUE_DECLINE, false, NULL);
			else if (l.frame || l.start || (k > 1 && tok_is(&t[k - 1], "may")))
				parse_intent_add_cue(sc, PARSE_CUE_RENEW, false, NULL);
			continue;
		}
		if (tok_is(w, "cancel") || tok_is(w, "cancellation") || tok_is(w, "cancelation") ||
		    tok_is(w, "cancelling") || tok_is(w, "canceling") || tok_is(w, "stop") ||
		    tok_is(w, "stopping")) {
			static const char *const obj[] = {
				"certificate", "cert", "ssl", "renewal", "order", "contract", "service",
				"subscription", "it", "this", "account", "plan", "please", NULL,
			};
			if (!right_empty(t, n, k) && !right_has(t, n, k, obj, 5))
				continue;
			if ((tok_is(w, "stop") || tok_is(w, "stopping")) && right_empty(t, n, k))
				continue;
			l = look_left(t, k);
			if (l.neg)
				parse_intent_add_cue(sc, PARSE_CUE_NEGATED, false, "denied decline");
			else if (l.frame || l.be || (l.start && !right_empty(t, n, k)))
				parse_intent_add_cue(sc, PARSE_CUE_DECLINE, false, NULL);
			continue;
		}
		if (tok_is(w, "pass") || tok_is(w, "skip") || tok_is(w, "skipping")) {
			static const char *const ok[] = {
				"this", "time", "on", "the", "renewal", "it", "for", "now", "year", "thanks",
				"thank", "you", "round", NULL,
			};
			l = look_left(t, k);
			if (!right_only(t, n, k, ok) || (tok_is(w, "pass") && !right_empty(t, n, k) &&
							 !right_has(t, n, k, ok, 1)))
				continue;
			if (l.neg)
				parse_intent_add_cue(sc, PARSE_CUE_NEGATED, false, "denied decline");
			else if (l.frame || l.be)
				parse_intent_add_cue(sc, PARSE_CUE_DECLINE, false, NULL);
			continue;
		}
		if (tok_is(w, "decline") || tok_is(w, "declining")) {
			l = look_left(t, k);
			if (!l.neg && (l.frame || clause_has(t, n, k, (const char *const[]){"we", "i", NULL})))
				parse_intent_add_cue(sc, PARSE_CUE_DECLINE, false, NULL);
			continue;
		}
		if (tok_is(w, "expire") || tok_is(w, "lapse")) {
			static const char *const let[] = {"let", "allow", "letting", "allowing", NULL};
			bool found = false;

			for (int i = k - 1; i >= 0 && i >= k - 6; i--) {
				if (tok_in(&t[i], let))
					found = true;
				if (t[i].brk)
					break;
			}
			if (found)
				parse_intent_add_cue(sc, clause_negated_before(t, k) ? PARSE_CUE_NEGATED
										     : PARSE_CUE_DECLINE,
						     false, NULL);
			continue;
		}
		if (tok_is(w, "need") || tok_is(w, "needed") || tok_is(w, "required") ||
		    tok_is(w, "necessary") || tok_is(w, "unnecessary") || tok_is(w, "require")) {
			bool neg = tok_is(w, "unnecessary");

			for (int i = k - 1; i >= 0 && i >= k - 3 && !neg; i--) {
				if (tok_negates(&t[i]))
					neg = true;
				if (t[i].brk)
					break;
			}
			if (!neg)
				continue;
			/* "no need to renew" is the renew anchor's */
			if (k + 2 < n && tok_is(&t[k + 1], "to"))
				continue;
			if (clause_has(t, n, k, EN_OBJECT)) {
				parse_intent_add_cue(sc, PARSE_CUE_DECLINE, false, NULL);
			} else {
				/* "Not needed, thanks." */
				static const char *const bare[] = {
					"not", "no", "longer", "needed", "required", "necessary", "unnecessary",
					"thanks", "thank", "you", "anymore", "any", "more", "is", "it's", "its",
					"really", NULL,
				};
				bool only = true;

				for (int i = 0; i < n && only; i++)
					only = tok_in(&t[i], bare);
				if (only)
					parse_intent_add_cue(sc, PARSE_CUE_DECLINE, true, NULL);
			}
			continue;
		}
		if (tok_is(w, "keep")) {
			static const char *const obj[] = {"it", "certificate", "cert", "ssl", "service", "using", NULL};

			l = look_left(t, k);
			if (!l.neg && l.frame && right_has(t, n, k, obj, 4))
				parse_intent_add_cue(sc, PARSE_CUE_RENEW, false, NULL);
			continue;
		}
		if (tok_is(w, "terminate") || tok_is(w, "terminating") || tok_is(w, "discontinue") ||
		    tok_is(w, "discontinuing") || tok_is(w, "closing") || tok_is(w, "closed") ||
		    tok_is(w, "close") || tok_is(w, "shutting") || tok_is(w, "decommission") ||
		    tok_is(w, "decommissioning") || tok_is(w, "retiring") || tok_is(w, "retire")) {
			static const char *const obj[] = {
				"site", "website", "domain", "service", "server", "business", "company",
				"certificate", "cert", "contract", "account", "shop", "store", "office", NULL,
			};
			if (clause_has(t, n, k, obj) && !clause_negated_before(t, k))
				parse_intent_add_cue(sc, PARSE_CUE_DECLINE, true, NULL);
			continue;
		}
	}
}
