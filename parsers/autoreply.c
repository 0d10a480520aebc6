/* Mail a machine sent: RFC 3834 auto-replies, out-of-office notes and vacation replies, newsletters. */
#include <string.h>

#include "parsers_priv.h"

static const char *
header(const struct parse_view *view, const char *name)
{
	return view->mail ? parse_mail_header(view->mail, name) : NULL;
}

/* The first word of a header value, lower case, without comments or
 * parameters: "Auto-Replied (vacation); owner-email=..." -> "auto-replied". */
static char *
first_word(const char *value)
{
	const char *p = value;
	const char *end;

	while (*p == ' ' || *p == '\t')
		p++;
	end = p;
	while (*end && !strchr(" \t;(,", *end))
		end++;
	return g_ascii_strdown(p, end - p);
}

/* The subject without the marks people put in front of it: brackets and
 * white space. subject_lc is already NFKC and lower case. */
static const char *
subject_start(const char *subject_lc)
{
	const char *p = parse_text_skip_spaces(subject_lc);

	while (*p == '[' || *p == '(' || g_str_has_prefix(p, "【") || g_str_has_prefix(p, "〔") ||
	       g_str_has_prefix(p, "《") || g_str_has_prefix(p, "≪"))
		p = parse_text_skip_spaces(g_utf8_next_char(p));
	return p;
}

/* Subjects that only an auto-responder writes, at the start. */
static const char *const auto_subject_starts[] = {
	"automatic reply", "auto reply", "auto-reply", "autoreply", "auto response", "auto-response",
	"autoresponse", "auto:", "out of office", "out of the office", "ooo:", "away:", "自動応答",
	"自動返信", "自動返答", "abwesenheit", NULL,
};

/* Terms that make a subject look like one anywhere in it. */
static const char *const auto_subject_terms[] = {
	"automatic reply", "auto reply", "auto-reply", "autoreply", "out of office", "out of the office",
	"vacation", "自動応答", "自動返信", "自動返答", "不在のお知らせ", "不在通知", "休暇のお知らせ",
	"不在にして", "不在中", "不在です", "休暇中", "absence", NULL,
};

/* Sentences of an auto-responder's text. Present tense on purpose: a person
 * writes "不在にしておりました" when back. */
static const char *const auto_text_phrases[] = {
	"this is an automatic reply", "this is an automated reply", "this is an auto-reply",
	"this is an automated response", "this is an automatic response",
	"i am currently out of the office", "i am out of the office", "i'm out of the office",
	"i will be out of the office", "i am currently away", "i am on vacation",
	"このメールは自動返信", "このメールは自動応答", "本メールは自動返信", "本メールは自動応答",
	"自動返信メールです", "自動応答メールです", "自動返信にて", "自動応答にて",
	"自動返信でお送りして", "不在にしております", "不在にしています", "休暇をいただいております",
	"休暇を頂いております", "休暇を取得しております", NULL,
};

static bool
out_of_office_subject(const char *subject_lc, bool *at_start)
{
	static struct parse_matcher *terms;
	const char *s = subject_start(subject_lc);

	*at_start = false;
	for (size_t i = 0; auto_subject_starts[i]; i++)
		if (g_str_has_prefix(s, auto_subject_starts[i])) {
			*at_start = true;
			return true;
		}
	return parse_match_any(parse_match_static(&terms, auto_subject_terms), subject_lc,
			       subject_lc + strlen(subject_lc));
}

/* The first lines only: a reply quoting an auto-reply further down is a reply. */
static bool
auto_text(const char *text_lc)
{
	static struct parse_matcher *phrases;

	return parse_match_any(parse_match_static(&phrases, auto_text_phrases), text_lc,
			       text_lc + strnlen(text_lc, 1500));
}

enum parse_auto
parse_autoreply_detect(const struct parse_view *view, GPtrArray *reasons)
{
	const char *v;
	enum parse_auto level = PARSE_AUTO_NONE;
	bool at_start = false, ooo_subject;

	ooo_subject = out_of_office_subject(view->subject_lc, &at_start);
	if ((v = header(view, "Auto-Submitted"))) {
		char *w = first_word(v);

		if (*w && strcmp(w, "no") != 0) {
			level = !strcmp(w, "auto-replied") ? PARSE_AUTO_STRONG : PARSE_AUTO_WEAK;
			g_ptr_array_add(reasons, g_strdup_printf("Auto-Submitted: %s", w));
		}
		g_free(w);
		if (level == PARSE_AUTO_STRONG)
			return level;
	}
	/* Outlook sets X-Auto-Response-Suppress on ordinary mail too: not a sign. */
	if (header(view, "X-Autoreply") || header(view, "X-Autorespond") || header(view, "X-Auto-Reply") ||
	    header(view, "X-Autoresponder")) {
		g_ptr_array_add(reasons, g_strdup("X-Autoreply header"));
		return PARSE_AUTO_STRONG;
	}
	if ((v = header(view, "Precedence"))) {
		char *w = first_word(v);
		bool hit = false;

		if (!strcmp(w, "auto_reply") || !strcmp(w, "auto-reply")) {
			hit = true;
		} else if ((!strcmp(w, "bulk") || !strcmp(w, "junk") || !strcmp(w, "list")) && ooo_subject) {
			hit = true;
		}
		if (hit)
			g_ptr_array_add(reasons, g_strdup_printf("Precedence: %s with an auto-reply subject", w));
		g_free(w);
		if (hit)
			return PARSE_AUTO_STRONG;
	}
	if (ooo_subject && at_start) {
		g_ptr_array_add(reasons, g_strdup("auto-reply subject"));
		return PARSE_AUTO_STRONG;
	}
	if (ooo_subject) {
		/* "休暇のお知らせ", "Re: ... (不在のお知らせ)": a machine most
		 * likely, but a person could write that over a clear answer. */
		g_ptr_array_add(reasons, g_strdup("out-of-office words in the subject"));
		return level == PARSE_AUTO_WEAK ? PARSE_AUTO_STRONG : PARSE_AUTO_WEAK;
	}
	if (auto_text(view->text_lc)) {
		g_ptr_array_add(reasons, g_strdup("auto-reply wording in the text"));
		return level == PARSE_AUTO_WEAK ? PARSE_AUTO_STRONG : PARSE_AUTO_WEAK;
	}
	return level;
}

/* ---- bulk ----------------------------------------------------------------- */

static const char *const bulk_text_phrases[] = {
	"配信停止", "配信解除", "配信を停止", "メールマガジン", "メルマガ", "unsubscribe",
	"opt out", "opt-out", "email preferences", "manage your subscription", NULL,
};

bool
parse_autoreply_is_bulk(const struct parse_view *view, GPtrArray *reasons)
{
	static struct parse_matcher *bulk_phrases;
	const char *v;

	if (header(view, "List-Unsubscribe") || header(view, "List-Id")) {
		g_ptr_array_add(reasons, g_strdup("mailing list or newsletter headers"));
		return true;
	}
	if ((v = header(view, "Precedence"))) {
		char *w = first_word(v);
		bool bulk = !strcmp(w, "bulk") || !strcmp(w, "list") || !strcmp(w, "junk");

		if (bulk)
			g_ptr_array_add(reasons, g_strdup_printf("Precedence: %s", w));
		g_free(w);
		if (bulk)
			return true;
	}
	if (parse_match_any(parse_match_static(&bulk_phrases, bulk_text_phrases), view->text_lc,
			    view->text_lc + strlen(view->text_lc))) {
		g_ptr_array_add(reasons, g_strdup("newsletter wording (unsubscribe)"));
		return true;
	}
	return false;
}
