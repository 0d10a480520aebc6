/* parsers: what the files of this room share with each other; never included outside parsers/. */
#ifndef MAILPROC_PARSERS_PRIV_H
#define MAILPROC_PARSERS_PRIV_H

#include <string.h>

#include <gmime/gmime.h>
#include <openssl/x509.h>

#include "parsers.h"

/* ---- certificates (cert.c, cert-read.c, cert-verify.c) --------------------- */

/* Copy the facts out of x509 (which stays the caller's). Returns NULL with the
 * reason in err when the certificate is too broken to describe (a time or a
 * name that does not decode). */
struct parse_cert_facts *parse_cert_facts_from_x509(X509 *x509, struct mp_error *err);

/* A new X509 re-parsed from facts->der (caller frees with X509_free), or NULL. */
X509 *parse_cert_facts_to_x509(const struct parse_cert_facts *facts);

/* A distinguished name as one RFC 2253 line, UTF-8 kept readable. Caller g_free()s. */
char *parse_cert_name_line(const X509_NAME *name);

/* Empty OpenSSL's error queue of this thread and return what was in it as one
 * short line (caller g_free()s), or NULL when it held nothing. */
char *parse_cert_ssl_errors(void);

/* Called for each "-----BEGIN label-----" ... "-----END label-----" block:
 * block and len span the whole block, markers included. */
typedef void (*parse_cert_pem_fn)(const char *label, const char *block, size_t len, void *data);

/* Find the PEM blocks in buf (any text around and between them, LF or CRLF)
 * and call fn for each. Nothing is decoded here, so that a private key block
 * can be passed over without its bytes ever being decoded. Returns the number
 * of blocks found. */
guint parse_cert_pem_each(const char *buf, size_t len, parse_cert_pem_fn fn, void *data);

/* Decode one block found by parse_cert_pem_each. Returns the DER bytes (caller
 * frees with OPENSSL_free) and sets *der_len, or NULL when the base64 is broken. */
unsigned char *parse_cert_pem_decode(const char *block, size_t len, long *der_len);

/* ---- text (text.c) ------------------------------------------------------- */

/* Plain-text helpers shared by the readers of mail text (the form, and later
 * quoted-text removal and intent detection). Every string argument is valid
 * UTF-8 (check with g_utf8_validate first: bad bytes are not caught here)
 * and NUL-terminated unless a length is given. White space below means
 * parse_text_is_space(); "caller g_free()s" results are always non-NULL. */

/* Zero-width space, non-joiner and joiner, word joiner, BOM / ZWNBSP: drawn
 * as nothing, so most comparisons should skip them. */
bool parse_text_is_invisible(gunichar c);

/* White space in any width (U+3000 and U+00A0 too), plus control characters
 * (C0, DEL, C1): a tab or a stray control code separates words like a space. */
bool parse_text_is_space(gunichar c);

/* ':' in any width or form (：, ﹕, ︓). */
bool parse_text_is_colon(gunichar c);

/* Something typed for a hyphen-minus ('-' itself is not one): ‐ ‑ ‒ – — ―,
 * −, full-width －, and the long vowel mark ー/ｰ, which Japanese input often
 * gives inside numbers. For numbers and codes: in prose ー belongs to the word. */
bool parse_text_is_dash(gunichar c);

/* The first character of s that is neither white space nor invisible (the
 * terminating NUL when there is none). Borrowed: points into s. */
const char *parse_text_skip_spaces(const char *s);

/* Whether s holds a Han, Hiragana or Katakana character. */
bool parse_text_has_japanese(const char *s);

/* The NFKC form of s (len bytes, or up to the NUL when len < 0; no NUL
 * inside): widths folded (ＡＢＣ１ -> ABC1, ｶﾞ -> ガ), compatibility forms
 * expanded (① -> 1, ㈱ -> (株)). The same as g_utf8_normalize(NFKC), but done
 * in pieces cut where NFKC cannot join across, so that it stays linear on long
 * text (GLib's is quadratic on runs of で, ガ or combining marks). A piece
 * GLib refuses is copied as it is. Caller g_free()s. */
char *parse_text_nfkc(const char *s, gssize len);

/* parse_text_nfkc(s, len) in lower case (Unicode, not only ASCII). Caller g_free()s. */
char *parse_text_nfkc_lower(const char *s, gssize len);

/* s trimmed, with invisible characters removed and every run of white space
 * (full-width, line ends and control characters too) made one ' '. Caller g_free()s. */
char *parse_text_collapse(const char *s);

/* s without white space, invisible characters, '-', '_', '.', '=' and '・':
 * the form in which keywords are compared, so that "Common-Name", "common
 * name" and "コモン・ネーム" meet. Apply to NFKC (lower-case) text, since
 * full-width dashes and dots are not removed. Caller g_free()s. */
char *parse_text_compact(const char *s);

/* s without white space (invisible characters are kept). Caller g_free()s. */
char *parse_text_without_spaces(const char *s);

/* s with every parse_text_is_dash() character made '-'. Caller g_free()s. */
char *parse_text_fold_dashes(const char *s);

/* Whether word (not empty) occurs in hay with no ASCII letter or digit
 * right before or after it: "ev" in "ev ssl" or "ev認証", not in "level". */
bool parse_text_has_word(const char *hay, const char *word);

/* Whether any of needles (NULL-terminated) occurs in hay as a substring. */
bool parse_text_has_any(const char *hay, const char *const *needles);

/* ---- texts a view has made valid UTF-8 already ------------------------------ */

/* parse_form_text() of text known to be valid UTF-8 without a NUL (a
 * view's text, or the own words taken from it): not checked again. */
enum mp_status parse_form_text_valid(const char *text, size_t len, struct parse_form **out,
				     struct mp_error *err);
/* parse_intent_detect() of an own text and a subject that are valid UTF-8
 * (a view's, or taken from one): the own text is not checked again. */
enum parse_intent parse_intent_detect_valid(const char *own_text, const char *subject, GPtrArray *reasons);

/* ---- the sender's own words (quote.c) -------------------------------------- */

/* parse_quote_own_text() of text (not NULL) that is valid UTF-8 already, as
 * a view's is: the same result without checking it again. Caller frees. */
char *parse_quote_own_valid(const char *text);

/* ---- phrases (match-phrases.c) --------------------------------------------- */

/* Literal phrases in a byte range [p, e) of UTF-8 text, which needs no NUL.
 * lit and the entries of a list are NUL-terminated and not empty; a list is
 * NULL-terminated. Nothing here allocates but parse_match_new(). */

/* Whether lit occurs at p, wholly before e. Inline: it is called for
 * nearly every byte of some texts, and most calls fail on the first bytes,
 * which are tested before strlen(). */
static inline bool
parse_match_lit_at(const char *p, const char *e, const char *lit)
{
	size_t n;

	if (p >= e || p[0] != lit[0])
		return false;
	if (lit[1] && (e - p < 2 || p[1] != lit[1]))
		return false;
	if (lit[1] && lit[2] && (e - p < 3 || p[2] != lit[2]))
		return false;
	n = strlen(lit);
	return (size_t)(e - p) >= n && memcmp(p, lit, n) == 0;
}

/* The index of the first entry of list (list order decides) that occurs at
 * p, or -1; *out (when out is not NULL) is set past it. */
int parse_match_at(const char *p, const char *e, const char *const *list, const char **out);
/* Where lit first occurs in [p, e), or NULL. Borrowed: points into [p, e). */
const char *parse_match_find(const char *p, const char *e, const char *lit);
/* Whether [s, e) ends with lit. */
bool parse_match_ends_with(const char *s, const char *e, const char *lit);
/* The character at p (p < e, valid UTF-8) and its length in *len: exact
 * below U+10000, 0x10000 for every character above. Inline: the phrase
 * scans call it for every character. */
static inline gunichar
parse_match_char_at(const unsigned char *p, const unsigned char *e, int *len)
{
	if (p[0] < 0x80 || e - p < 2) {
		*len = 1;
		return p[0];
	}
	if (p[0] < 0xE0) {
		*len = 2;
		return ((gunichar)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
	}
	if (p[0] < 0xF0 && e - p >= 3) {
		*len = 3;
		return ((gunichar)(p[0] & 0x0F) << 12) | ((gunichar)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
	}
	*len = e - p >= 4 ? 4 : (int)(e - p);
	return 0x10000;
}

/* A list made ready to be searched in one pass: a bitmap of the entries'
 * first characters says where to look, so the cost hardly grows with the
 * list. Read-only once built, so it may be shared between threads. */
struct parse_matcher;
/* Build one for list, whose entries all start below U+10000. list is
 * borrowed and must outlive it. Free with parse_match_free(). */
struct parse_matcher *parse_match_new(const char *const *list);
void parse_match_free(struct parse_matcher *m);
/* The list m was built for. Borrowed. */
const char *const *parse_match_list(const struct parse_matcher *m);
/* strlen() of entry idx of the list. */
size_t parse_match_len(const struct parse_matcher *m, guint idx);
/* The length of the longest entry. */
size_t parse_match_maxlen(const struct parse_matcher *m);
/* Called where entry idx of the list occurs (p points at it); true stops the scan. */
typedef bool (*parse_match_fn)(const char *p, guint idx, void *data);
/* Call fn for every occurrence of an entry in [s, e), in text order (at one
 * place in list order), until fn returns true. Returns whether one did. */
bool parse_match_scan(const struct parse_matcher *m, const char *s, const char *e, parse_match_fn fn,
		      void *data);
/* The first place in [s, e) where an entry occurs, its index in *idx; NULL
 * when none does. Borrowed: points into [s, e). */
const char *parse_match_first(const struct parse_matcher *m, const char *s, const char *e, guint *idx);
/* The matcher of a static list, built on the first call (thread-safe) and
 * kept for the life of the process in *slot, a static pointer that starts
 * NULL, one per list. For a list searched in long text, where
 * parse_text_has_any() would go over the text once per entry. Borrowed. */
const struct parse_matcher *parse_match_static(struct parse_matcher **slot, const char *const *list);
/* Whether an entry of m's list occurs in [s, e): parse_text_has_any() in
 * one pass, on a range. */
bool parse_match_any(const struct parse_matcher *m, const char *s, const char *e);

/* ---- intent detection: the scan (intent.c) --------------------------------- */

/* parse_intent_detect() reads a text in one struct parse_intent_scan: the
 * working buffer (intent-text.c), cut into sentences; the anchors of each
 * sentence (intent-ja.c, intent-en.c) note cues in it, which intent.c then
 * weighs with the doubts of intent-doubt.c. Offsets are bytes into buf. */

#define PARSE_INTENT_MAX_CUES 48
#define PARSE_INTENT_MAX_TOKENS 128  /* English tokens read in one sentence */

/* What one cue says. */
enum parse_cue {
	PARSE_CUE_RENEW,
	PARSE_CUE_DECLINE,
	PARSE_CUE_UNSURE,   /* makes the mail unclear */
	PARSE_CUE_NEGATED,  /* a denied decline: says nothing */
	PARSE_CUE_OTHER,    /* a decision about something else: makes the mail unclear */
	PARSE_CUE_ACK,      /* "更新の件、承知しました": renew only with a request */
};

struct parse_intent_cue {
	enum parse_cue pol;
	bool weak;
	const char *why;  /* static: "question", "double negation", ... or NULL */
	bool contrast;    /* its clause goes on with "が、", "but" */
	int tok;          /* English: the token it was found at, else -1 */
	size_t ss, se;    /* the sentence, offsets in the buffer */
};

/* A sentence: [s, e) in the buffer. */
struct parse_intent_span {
	size_t s, e;
};

/* Owned by judge() in intent.c, which frees low and sentences. */
struct parse_intent_scan {
	const char *buf;  /* the working text */
	const char *low;  /* the same, ASCII lowered */
	size_t len;
	struct parse_intent_cue cues[PARSE_INTENT_MAX_CUES];
	int ncues;
	bool overflow;
	size_t ss, se;    /* the sentence being read */
	int tok;          /* the English token being read, else -1 */
	int anchors;      /* anchors read so far */
	GArray *sentences; /* struct parse_intent_span */
};

/* Note a cue of the sentence (and English token) sc is reading; past
 * PARSE_INTENT_MAX_CUES it sets sc->overflow instead. why is borrowed
 * (a static string) or NULL. */
void parse_intent_add_cue(struct parse_intent_scan *sc, enum parse_cue pol, bool weak, const char *why);

/* ---- intent detection: the working text (intent-text.c) -------------------- */

/* Make list searchable in one pass from now on: at most 24 lists, only
 * during the one-time set-up (g_once) of parse_intent_detect(). list is
 * borrowed for the life of the process. */
void parse_intent_register(const char *const *list);
/* The matcher registered for list (by address, not content), or NULL. Borrowed. */
const struct parse_matcher *parse_intent_matcher(const char *const *list);
/* Where the first entry of list (which must be registered) occurs in [p, e),
 * the entry in *which; NULL when none does. Both borrowed. */
const char *parse_intent_find_first(const char *p, const char *e, const char *const *list,
				    const char **which);
/* An entry of list found in [p, e), or NULL: the first in the text when
 * list is registered, else the first in list order. Borrowed from list. */
const char *parse_intent_find_any(const char *p, const char *e, const char *const *list);

/* text (NUL-terminated UTF-8) as one working buffer: lines trimmed, the
 * breaks inside a sentence joined (Japanese mail is hard-wrapped), invisible
 * characters dropped, curly quotes made straight, spaces between Japanese
 * characters dropped and other runs made one ' '. Caller frees (g_string_free). */
GString *parse_intent_buffer(const char *text);
/* A copy of buf (len bytes) with ASCII lowered, at the same offsets,
 * NUL-terminated. Caller g_free()s. */
char *parse_intent_lower(const char *buf, size_t len);
/* Cut buf (len bytes) into sentences at line ends, ';', runs of '!' and '?',
 * '。', and a '.' before a space, a line end, a non-ASCII byte or the end;
 * append them to spans (struct parse_intent_span) in order, leading spaces
 * left out, empty ones skipped. */
void parse_intent_sentences(const char *buf, size_t len, GArray *spans);
/* Whether [s, e) holds an ASCII letter. */
bool parse_intent_has_letters(const char *s, const char *e);

/* ---- intent detection: Japanese clauses (intent-ja-clause.c) --------------- */

/* What the rest of a clause does to the predicate before it. */
enum parse_tail {
	PARSE_TAIL_POS,
	PARSE_TAIL_NEG,
	PARSE_TAIL_NEG2,  /* denied twice: "したくないわけではない" */
	PARSE_TAIL_COND,
	PARSE_TAIL_NOUN,  /* the word goes on as a noun: "依頼期限", "申込フォーム" */
};

/* What a decision word is about. */
enum parse_topic {
	PARSE_TOPIC_NONE,
	PARSE_TOPIC_RENEWAL,
	PARSE_TOPIC_COMM,   /* replies, invoices, paper: not the decision */
	PARSE_TOPIC_OTHER,
};

/* The character before p (0 at start). */
gunichar parse_intent_ja_char_before(const char *start, const char *p);
/* Hiragana (U+3041..U+309F). */
bool parse_intent_ja_is_hiragana(gunichar c);
/* Part of a noun: kanji, katakana, ー ・ 々, ASCII letters, digits, '.', '-'. */
bool parse_intent_ja_is_noun_char(gunichar c);
/* A kanji that goes on a predicate as its polite ending (致, 申, 頂, ...). */
bool parse_intent_ja_is_helper_kanji(gunichar c);
/* The end of the clause p is in: the next '、' or ',' before e, else e. */
const char *parse_intent_ja_clause_end(const char *p, const char *e);
/* The first negation ("ません", "ない", "ず", ...) in [s, e) that is not part
 * of a phrase that denies nothing ("問題ありません", "いただけませんか"), or NULL.
 * Borrowed: points into [s, e). */
const char *parse_intent_ja_negation(const char *s, const char *e);
/* The first condition ("もし", "場合", "れば", "たら", ...) in [s, e) that is
 * not part of a polite form ("よろしければ", "何かあれば"), or NULL. Borrowed. */
const char *parse_intent_ja_condition(const char *s, const char *e);
/* What the rest of the clause from p (up to se) does to the predicate
 * before p; noun_block: the predicate may be a noun going on ("依頼期限"). */
enum parse_tail parse_intent_ja_tail(const char *p, const char *se, bool noun_block);
/* The topic the noun [x, xe) names; service: another service of ours
 * (サーバー, ドメイン) counts as this renewal. */
enum parse_topic parse_intent_ja_topic(const char *x, const char *xe, bool service);
/* The topic of the decision word at a, in the sentence starting at ss: the
 * noun right before it, or the nearest one marked with は/も/を/が. */
enum parse_topic parse_intent_ja_topic_before(const char *ss, const char *a, bool service);
/* Whether the decision at a is about a part ("旧サイトの証明書") or another
 * service ("ドメイン"), not this certificate. */
bool parse_intent_ja_topic_elsewhere(const char *ss, const char *a);
/* Register this file's phrase lists (parse_intent_register). Once. */
void parse_intent_ja_clause_register(void);

/* ---- intent detection: Japanese cues (intent-ja.c) ------------------------- */

/* Note the cues of the anchors (更新, 継続, 不要, 見送, 解約, ...) found in
 * [ls, le), the lowered twin of the sentence sc is reading. */
void parse_intent_ja_cues(struct parse_intent_scan *sc, const char *ls, const char *le);
/* Register this file's phrase lists and anchors (parse_intent_register). Once. */
void parse_intent_ja_register(void);

/* ---- intent detection: English cues (intent-en.c) -------------------------- */

/* One word of a lowered sentence; s points into it (borrowed). */
struct parse_intent_tok {
	const char *s;
	size_t n;
	bool brk;       /* a clause boundary comes right before this token */
	bool contrast;  /* ... and it was "but", "however", "although" */
};

/* The words of the lowered text [s, e) (letters, digits, apostrophes,
 * inner hyphens) into t, at most max; conjunctions are left out and mark
 * the next word's brk. Returns how many. */
int parse_intent_en_tokenize(const char *s, const char *e, struct parse_intent_tok *t, int max);
/* Whether t is the word w. */
bool parse_intent_en_tok_is(const struct parse_intent_tok *t, const char *w);
/* Whether t is one of the words of list (NULL-terminated). */
bool parse_intent_en_tok_in(const struct parse_intent_tok *t, const char *const *list);
/* Note the English cues (renew, continue, proceed, cancel, skip, ...) of
 * [ls, le), the lowered twin of the sentence sc is reading. */
void parse_intent_en_cues(struct parse_intent_scan *sc, const char *ls, const char *le);

/* ---- intent detection: doubts (intent-doubt.c) ----------------------------- */

/* Whether the sentence [s, e) (ls: its lowered twin) asks something: the
 * marker found, or NULL. A polite request ("更新をお願いできますか", "could
 * you please renew") is no question. Static. */
const char *parse_intent_question_of(const char *s, const char *e, const char *ls);
/* Whether the sentence [s, e) (ls: its lowered twin) sets a condition
 * ("場合", "if", "unless", ...): "condition", or NULL. Static. */
const char *parse_intent_condition_of(const char *s, const char *e, const char *ls);
/* The first hedge of the working text (buf, its lowered twin low, len bytes):
 * "検討中", "probably", a reply promised for later; NULL when none. Static. */
const char *parse_intent_hedge_of(const char *buf, const char *low, size_t len);
/* Register this file's phrase lists (parse_intent_register). Once. */
void parse_intent_doubt_register(void);

/* ---- application form values (form-values.c) ----------------------------- */

/* Whether a form value means "not given" ("なし", "none", "n/a", "-", ...,
 * compared after NFKC, lower case and trimming, a final '.' or '。' ignored). */
bool parse_form_value_means_none(const char *value);

/* The stored form of a collapsed value (see parse_text_collapse()) under the
 * canonical key (see parse_form_keys()): domain, sans and emails in lower
 * case, sans deduplicated and space-separated, phone without its "FAX ..."
 * tail, order_id as "ORD-YYYY-NNNN", ca and validation as one name when the
 * value names exactly one; the other identifiers NFKC-normalised, names and
 * addresses as written (see struct parse_form). May be empty. Caller g_free()s. */
char *parse_form_normalize_value(const char *key, const char *value);

/* ---- classification (classify.c, trust.c, bounce.c, ca.c, autoreply.c) ---- */

/* One mail as the classifier reads it: the mail received, an attached
 * message/rfc822, or a forward rebuilt from its quoted header block.
 * Everything is borrowed; subject_lc and text_lc are the NFKC lower-case
 * forms (text_lc of the first PARSE_VIEW_SCAN bytes only, for keywords). */
#define PARSE_VIEW_SCAN (64 * 1024)
struct parse_view {
	const struct parse_mail *mail;    /* whose headers these are; NULL for an inline forward */
	const char *from;                 /* From address, lower case, or NULL */
	const char *from_name;            /* its display name, or NULL */
	const char *sender;               /* Sender: address, or NULL */
	const char *subject;              /* never NULL */
	const char *text;                 /* never NULL, UTF-8 */
	const char *subject_lc;
	const char *text_lc;
	const GPtrArray *attachments;     /* struct parse_mail_attachment *, or NULL */
	bool forwarded;                   /* came to us inside another mail */
};

/* trust.c: names, domains, Authentication-Results. */

/* host is domain or a name under it ("mail.digicert.com" in "digicert.com";
 * not "evil-digicert.com", not "digicert.com.evil.jp"). ASCII case ignored. */
bool parse_trust_host_in(const char *host, const char *domain);
/* The part after the last '@', borrowed, or NULL. */
const char *parse_trust_address_domain(const char *address);
/* Whether address (case ignored) is in list (NULL-terminated, may be NULL). */
bool parse_trust_list_has(const char *const *list, const char *address);
/* The entry of ca_domains that address's domain is in, borrowed, or NULL. */
const char *parse_trust_ca_domain(const char *address, const char *const *ca_domains);
/* "digicert", "sectigo" or "globalsign" for a CA's mail domain, else NULL. Static. */
const char *parse_trust_ca_name(const char *domain);
/* The CA a display name claims to be ("DigiCert", "Sectigo", ...), or NULL. Static. */
const char *parse_trust_claimed_ca(const char *display_name);
/* The lower-case host of an absolute URL, or NULL when it has none, has a
 * userinfo part, or holds characters a browser would read differently. Caller g_free()s. */
char *parse_trust_url_host(const char *url);
/* The authserv-id of an Authentication-Results value ("" when none). Caller g_free()s. */
char *parse_trust_authserv_id(const char *header_value);
/* Whether the first Authentication-Results header of mail from authserv_id
 * proves domain (parse_auth_results_pass); the others are ignored with a reason. */
bool parse_trust_authenticated(const struct parse_mail *mail, const char *authserv_id,
			       const char *domain, GPtrArray *reasons);
/* A host name starting at s (lower case): letters, digits, '-', '.', a
 * leading "*.", at least two labels and a known top-level ending. Sets *end
 * after it when end is not NULL. Caller g_free()s; NULL when there is none. */
char *parse_trust_host_token(const char *s, const char **end);

/* bounce.c: delivery status notifications, standard or not. */

/* Whether view is a bounce; when event is not NULL, fill its bounce_* fields
 * and reasons. config's own_addresses are never taken for the recipient. */
bool parse_bounce_detect(const struct parse_view *view, const struct parse_classify_config *config,
			 struct parse_event *event);

/* autoreply.c: mail that a machine sent in answer or in bulk. */
enum parse_auto {
	PARSE_AUTO_NONE,
	PARSE_AUTO_WEAK,   /* auto-generated, or an out-of-office subject alone */
	PARSE_AUTO_STRONG, /* auto-replied, X-Autoreply, "Automatic reply:" ... */
};
enum parse_auto parse_autoreply_detect(const struct parse_view *view, GPtrArray *reasons);
/* A newsletter or list mail (List-Unsubscribe, List-Id, Precedence: bulk/list). */
bool parse_autoreply_is_bulk(const struct parse_view *view, GPtrArray *reasons);

/* ca.c: what a CA's mail says. */

/* Every certificate attached to view or pasted into its text as PEM, in
 * parse_cert_order() order; an empty array when none (never NULL). */
GPtrArray *parse_ca_certificates(const struct parse_view *view, GPtrArray *reasons);
/* Whether subject and text (lower case) read like a CA's approval request. */
bool parse_ca_is_approval(const char *subject_lc, const char *text_lc);
/* Fill kind (approval notice, issued certificate or unknown), ca, ca_order,
 * domain and approval_url of a mail from ca_domain; certs (taken) as
 * parse_ca_certificates() returned them. */
void parse_ca_classify(const struct parse_view *view, const char *ca_domain, GPtrArray *certs,
		       struct parse_event *event);

/* ---- views (view.c) --------------------------------------------------------- */

/* The NFKC lower-case form of s (len bytes, or up to the NUL when len < 0;
 * valid UTF-8), made by hand for ASCII and full-width ASCII and through
 * parse_text_nfkc_lower() only when a character needs it. Caller g_free()s. */
char *parse_view_fold_lower(const char *s, gssize len);
/* Finish a view whose mail, from, sender, subject, text and attachments
 * are set: subject and text made valid UTF-8 ("" for NULL), subject_lc and
 * text_lc filled. The strings it makes are appended to keep (a GPtrArray
 * that g_free()s them), which must outlive v. */
void parse_view_finish(GPtrArray *keep, struct parse_view *v);
/* v as the view of m (borrowed, must outlive v), then parse_view_finish(keep, v). */
void parse_view_of_mail(GPtrArray *keep, struct parse_view *v, const struct parse_mail *m);

/* ---- forwards (forward.c) --------------------------------------------------- */

/* A forward found in a mail's text: the quoted header block's From (address
 * lower case, and display name), Subject and Message-ID, each NULL when not
 * given, and the forwarded text (never NULL once found). All owned; free
 * the members with parse_forward_clear(). */
struct parse_forward {
	char *from, *from_name, *subject, *message_id;
	char *text;
};

/* Whether a subject (lower case) is a reply's: "Re:", "返信:", "AW:", ...,
 * after "[...]" tags and behind "Fwd:" prefixes too. */
bool parse_forward_reply_subject(const char *subject_lc);
/* Free the members of f (not f itself). */
void parse_forward_clear(struct parse_forward *f);
/* An inline forward in view's text: a marker line ("---------- Forwarded
 * message ---------"), or under a Fwd: subject "-----Original Message-----"
 * or an Outlook header block ("From: ... Sent: ..."), then the quoted
 * headers and the forwarded text. On true f (zeroed by the caller) is
 * filled, for the caller to parse_forward_clear(); on false it is untouched. */
bool parse_forward_find_inline(const struct parse_view *view, struct parse_forward *f);
/* The attached message that is the forwarded one: of m->messages the first
 * from one of ca_domains (NULL-terminated), else the first; when m has none,
 * the first attachment named *.eml (or message/rfc822) that parses with a
 * From address. Mails parsed here are appended to parsed (a GPtrArray that
 * frees them with parse_mail_free), which owns them. The result is borrowed
 * from m or parsed; NULL when there is none. */
const struct parse_mail *parse_forward_attached(const struct parse_mail *m, const char *const *ca_domains,
						GPtrArray *parsed);

/* ---- mail internals (mail.c, charset.c, html.c) --------------------------- */

/* The iconv name for a MIME charset label: "CP932" for every Shift_JIS label
 * (shift_jis, x-sjis, windows-31j, ms932, ...: Japanese Windows mail is CP932
 * whatever it says), "EUC-JP", "ISO-2022-JP", "UTF-8", "CP1252" for Latin-1,
 * "GB18030" for GB2312/GBK, "CP949" for EUC-KR; otherwise the label trimmed,
 * unquoted and in upper case. NULL for a NULL, empty or placeholder label
 * ("unknown-8bit", "default", ...), which means "guess". Caller g_free()s. */
char *parse_charset_normalize(const char *label);

/* len bytes (NULs allowed) labelled charset (the Content-Type parameter as
 * written, or NULL when missing) as UTF-8. Never fails: the declared charset
 * when it fits, ISO-2022-JP with Windows extensions decoded by hand when
 * iconv refuses it, else the best of UTF-8 / ISO-2022-JP / CP932 / EUC-JP-MS,
 * else what decodes with bad bytes replaced by U+FFFD. Each fallback appends
 * a short reason (char *) to reasons when it is not NULL. The result has no
 * NUL inside; caller g_free()s. */
char *parse_charset_decode(const char *data, size_t len, const char *label, GPtrArray *reasons);

/* len bytes of ISO-2022-JP as Windows writes it (CP50220/CP50221/CP50222):
 * ESC $ B / ESC $ @ pairs read as JIS X 0208 with the NEC and IBM extensions
 * of CP932, ESC ( I and SO/SI as half-width katakana, ESC ( B / ESC ( J as
 * ASCII, ESC $ ( D as JIS X 0212. Returns UTF-8 (caller g_free()s; NULs are
 * kept, *out_len gets the length when out_len is not NULL), or NULL when a
 * byte does not belong. */
char *parse_charset_iso2022jp_ms(const char *data, size_t len, size_t *out_len);

/* The text of an HTML document (UTF-8, len bytes) as a reader sees it: block
 * elements and <br> end lines; <script>, <style> and <head> are skipped;
 * entities decoded; a link's target follows its text as " <URL>"; lines
 * inside <blockquote> start with "> " per level. Caller g_free()s; never NULL. */
char *parse_html_to_text(const char *html, size_t len);

/* The charset named by <meta charset=...> or <meta http-equiv=Content-Type
 * content="...; charset=..."> in the first 4 KiB of an HTML document, or
 * NULL. Caller g_free()s. */
char *parse_html_meta_charset(const char *html, size_t len);

/* ---- mail: the struct and its helpers (mail.c) ------------------------------ */

/* GMime objects are made and unreffed by the mail*.c files: the ones passed
 * here stay the caller's. */

/* A new struct parse_mail: every array made (empty), subject "". Caller
 * frees with parse_mail_free(). */
struct parse_mail *parse_mail_new(void);
/* Free a struct parse_mail_address * and its strings (a GDestroyNotify for
 * the to and cc arrays); NULL does nothing. */
void parse_mail_address_free(gpointer p);
/* s as valid UTF-8 (a copy, bad bytes replaced), "" for NULL. Caller g_free()s. */
char *parse_mail_utf8_dup(const char *s);
/* s in lower case: Unicode when s is valid UTF-8, else ASCII only. Caller g_free()s. */
char *parse_mail_lower_dup(const char *s);
/* CRLF and lone CR made LF, in place. */
void parse_mail_unix_newlines(GString *s);
/* Append reason (taken) to m->reasons, unless the same text is there
 * already: then it is freed. */
void parse_mail_reason_add(struct parse_mail *m, char *reason);

/* ---- mail: headers (mail-headers.c) ----------------------------------------- */

/* raw (a header value as written) with each run of encoded words in one
 * charset, separated by white space only, decoded together with
 * parse_charset_decode() and written back as one UTF-8 encoded word: GMime
 * decodes base64 words with the state the one before left and turns the NEC
 * characters of ISO-2022-JP and CP932 into '?'. NULL when raw has no
 * encoded word. Charset reasons go to m. Caller g_free()s. */
char *parse_mail_rfc2047_repair(struct parse_mail *m, const char *raw);
/* Copy msg's top-level headers into m: header_names and header_values
 * (every header in the order written, values decoded with the repair
 * above), message_id, in_reply_to, references, subject, from, sender,
 * reply_to, to, cc, return_path and date. options and msg stay the caller's. */
void parse_mail_envelope(GMimeParserOptions *options, struct parse_mail *m, GMimeMessage *msg);

/* ---- mail: the MIME walk (mail-walk.c) -------------------------------------- */

/* Fill m (new, from parse_mail_new()) from msg, as the top message at
 * depth 1: its envelope, then its MIME tree within limits: text (text/plain
 * preferred, else HTML as text), attachments, attached messages (each
 * filled the same way into m->messages, the limits counted over all),
 * report parts, parts, depth, over_limits and reasons. options and msg stay
 * the caller's. */
void parse_mail_walk(const struct parse_mail_limits *limits, GMimeParserOptions *options, struct parse_mail *m,
		     GMimeMessage *msg);

/* ---- mail: the pre-scan (mail-prescan.c) ------------------------------------ */

/* How many bytes of buf (len bytes) to give GMime: those before the line
 * where the multipart boundaries declared in it nest deeper than limit, or
 * len when they never do. Linear, where GMime's own parse is quadratic in
 * the nesting. */
size_t parse_mail_nesting_cut(const char *buf, size_t len, unsigned limit);
/* The length of the header block at the start of buf (its blank line
 * included), looking at no more than max bytes. */
size_t parse_mail_header_block_len(const char *buf, size_t len, size_t max);

#endif
