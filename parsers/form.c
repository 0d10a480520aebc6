/* The renewal application form's "Label: value" mail text, read into canonical fields. */
#include <string.h>

#include "parsers_priv.h"

/*
 * How the text is read (see also the header):
 * - It must be valid UTF-8 without NUL bytes, else MP_STATUS_BAD_INPUT with
 *   the byte offset. The mail decoder before us promises UTF-8, so a bad byte
 *   is a decoding fault that staff should see, not something to repair
 *   quietly in a form that may request a renewal. A leading BOM is skipped.
 * - Lines end with LF or CRLF. Reading stops at a signature line ("--" or
 *   "-- ") and at an "-----Original Message-----" (元のメッセージ) line, under
 *   which Outlook-style replies quote without '>'. Lines starting with '>' or
 *   '＞' (after indentation) are quotes and are skipped.
 * - A label line is "Label: value" (':' or '：' within the first
 *   LABEL_SCAN_CHARS characters), or "【Label】value" / "[Label] value" when
 *   the bracketed label is a known one. Labels are NFKC-normalised, stripped of
 *   decorations (【】[] ■ ● ・ ※ * and the like), numbering ("1.", "①") and
 *   required/optional markers ("(必須)"), then matched case-insensitively with
 *   spaces, '-', '_', '.' and '・' ignored. What does not look like a label is
 *   not one: "10:30", "https://", a sentence ending in ます/です, text with
 *   '@', '<', '。' or '?', or more than LABEL_MAX_CHARS characters.
 * - A value continues on following lines that are indented deeper than its
 *   label line (so "ID: x" under "ログイン情報:" belongs to it), or, when the
 *   label's own value was empty, on any following line that is not a label,
 *   a quote or a heading; a blank line ends it. Continuations join with a space.
 * - Headings (lines starting with ■ 【 [ ● - = ...) set the section: under
 *   a technical-contact heading ("■技術担当者") "メールアドレス" means
 *   tech_email and the person's other details go to unknown; under a login
 *   heading ("■ログイン情報") labels not otherwise known belong to
 *   server_login. Any other heading with words in it ends the section, and
 *   so does a known label of another kind (コモンネーム, 備考).
 * - Values are trimmed, and runs of white space (full-width too) and control
 *   characters become one space. Identifiers are NFKC-normalised (domain,
 *   sans, emails, phone, postal_code, customer_id, order_id, org_name_en, ca,
 *   validation: see form-values.c; long text in pieces, see
 *   parse_text_nfkc()); names, addresses and titles stay as written, since
 *   the workflow compares them ignoring width and case anyway. A phone value
 *   ends before "FAX".
 * - "なし", "none", "-" and the like mean "not given": no field.
 * - A key given twice keeps its first value; a different later value goes to
 *   unknown so that staff see it. password, server_login and notes collect
 *   every line instead (one line: its value; several: "Label: value" lines
 *   joined with '\n').
 * - A label with a password word in it, or a line not otherwise understood
 *   whose value has one, is a secret: kept in fields under password (or
 *   server_login when it is about a login, a server or a host, or sits under
 *   a login heading), and listed in unknown as "Label: ********" only.
 */

#define LABEL_SCAN_CHARS 64   /* a separator further in is text, not a label's */
#define LABEL_MAX_CHARS 48    /* after normalisation */
#define BRACKET_SCAN_CHARS 40
#define HEADING_SCAN_CHARS 80

enum section { SEC_NONE, SEC_APPLICANT, SEC_TECH, SEC_LOGIN };

/* Canonical keys, in the order callers list them. */
static const char *const form_keys[] = {
	"customer_id", "order_id", "org_name", "org_name_en", "postal_code", "address", "phone",
	"department", "contact_name", "contact_title", "contact_email", "tech_email", "domain",
	"sans", "ca", "validation", "product", "server_login", "password", "notes", NULL,
};

/* Not a key: an English "Organization"/"Company" label whose value decides. */
static const char ORG_AUTO[] = "org_auto";

struct label_map {
	const char *label; /* normalised: lower case, no spaces, '-', '_', '.', '・' */
	const char *key;
};

static const struct label_map labels[] = {
	{ "会社名", "org_name" }, { "組織名", "org_name" }, { "法人名", "org_name" },
	{ "社名", "org_name" }, { "企業名", "org_name" }, { "団体名", "org_name" },
	{ "会社団体名", "org_name" }, { "申請組織名", "org_name" },
	{ "組織名(日本語)", "org_name" }, { "会社名(日本語)", "org_name" },
	{ "法人名(日本語)", "org_name" }, { "組織名(日本語表記)", "org_name" },
	{ "会社名(日本語表記)", "org_name" }, { "会社名/組織名", "org_name" },
	{ "組織名/会社名", "org_name" }, { "companyname(japanese)", "org_name" },
	{ "organizationname(japanese)", "org_name" },

	{ "英語表記会社名", "org_name_en" }, { "英語表記組織名", "org_name_en" },
	{ "英文会社名", "org_name_en" }, { "英文社名", "org_name_en" },
	{ "英文組織名", "org_name_en" }, { "英語社名", "org_name_en" },
	{ "英語表記", "org_name_en" }, { "会社名(英語)", "org_name_en" },
	{ "組織名(英語)", "org_name_en" }, { "法人名(英語)", "org_name_en" },
	{ "会社名(英語表記)", "org_name_en" }, { "組織名(英語表記)", "org_name_en" },
	{ "会社名(英文)", "org_name_en" }, { "組織名(英文)", "org_name_en" },
	{ "会社名英語表記", "org_name_en" }, { "組織名英語表記", "org_name_en" },
	{ "companyname(english)", "org_name_en" }, { "company(english)", "org_name_en" },
	{ "organizationname(english)", "org_name_en" },
	{ "organization(english)", "org_name_en" },

	{ "organization", ORG_AUTO }, { "organizationname", ORG_AUTO },
	{ "organisation", ORG_AUTO }, { "organisationname", ORG_AUTO },
	{ "company", ORG_AUTO }, { "companyname", ORG_AUTO },

	{ "所在地", "address" }, { "住所", "address" }, { "登録住所", "address" },
	{ "本店所在地", "address" }, { "会社所在地", "address" }, { "組織所在地", "address" },
	{ "所在地(住所)", "address" }, { "住所(所在地)", "address" }, { "ご住所", "address" },
	{ "address", "address" }, { "companyaddress", "address" },
	{ "organizationaddress", "address" }, { "registeredaddress", "address" },
	{ "streetaddress", "address" },

	{ "郵便番号", "postal_code" }, { "〒", "postal_code" }, { "postalcode", "postal_code" },
	{ "zipcode", "postal_code" }, { "zip", "postal_code" }, { "postcode", "postal_code" },

	{ "電話番号", "phone" }, { "代表電話番号", "phone" }, { "代表電話", "phone" },
	{ "電話", "phone" }, { "会社電話番号", "phone" }, { "電話番号(代表)", "phone" },
	{ "tel", "phone" }, { "tel(代表)", "phone" }, { "phone", "phone" },
	{ "telephone", "phone" }, { "phonenumber", "phone" }, { "telephonenumber", "phone" },

	{ "申請責任者", "contact_name" }, { "申請責任者氏名", "contact_name" },
	{ "申請責任者名", "contact_name" }, { "申請責任者(氏名)", "contact_name" },
	{ "担当者", "contact_name" }, { "担当者名", "contact_name" },
	{ "担当者氏名", "contact_name" }, { "ご担当者", "contact_name" },
	{ "ご担当者名", "contact_name" }, { "ご担当者氏名", "contact_name" },
	{ "氏名", "contact_name" }, { "お名前", "contact_name" },
	{ "contact", "contact_name" }, { "contactname", "contact_name" },
	{ "contactperson", "contact_name" }, { "applicant", "contact_name" },
	{ "applicantname", "contact_name" }, { "name", "contact_name" },
	{ "fullname", "contact_name" },

	{ "役職", "contact_title" }, { "役職名", "contact_title" },
	{ "申請責任者役職", "contact_title" }, { "申請責任者役職名", "contact_title" },
	{ "担当者役職", "contact_title" }, { "ご担当者役職", "contact_title" },
	{ "title", "contact_title" }, { "jobtitle", "contact_title" },
	{ "position", "contact_title" },

	{ "部署", "department" }, { "部署名", "department" }, { "所属部署", "department" },
	{ "部門", "department" }, { "所属", "department" }, { "申請責任者部署", "department" },
	{ "担当者部署", "department" }, { "department", "department" }, { "dept", "department" },
	{ "division", "department" },

	{ "メールアドレス", "contact_email" }, { "メール", "contact_email" },
	{ "申請責任者メールアドレス", "contact_email" }, { "申請責任者メール", "contact_email" },
	{ "担当者メールアドレス", "contact_email" }, { "ご担当者メールアドレス", "contact_email" },
	{ "連絡先メールアドレス", "contact_email" }, { "email", "contact_email" },
	{ "emailaddress", "contact_email" }, { "mail", "contact_email" },
	{ "mailaddress", "contact_email" }, { "contactemail", "contact_email" },
	{ "applicantemail", "contact_email" },

	{ "技術担当者メールアドレス", "tech_email" }, { "技術担当者メール", "tech_email" },
	{ "技術担当メールアドレス", "tech_email" }, { "技術担当者email", "tech_email" },
	{ "技術連絡先メールアドレス", "tech_email" }, { "technicalcontactemail", "tech_email" },
	{ "technicalcontactemailaddress", "tech_email" }, { "techemail", "tech_email" },
	{ "technicalemail", "tech_email" }, { "techcontactemail", "tech_email" },

	{ "コモンネーム", "domain" }, { "コモンネーム(cn)", "domain" }, { "ドメイン名", "domain" },
	{ "ドメイン", "domain" }, { "対象ドメイン", "domain" }, { "commonname", "domain" },
	{ "commonname(cn)", "domain" }, { "cn", "domain" }, { "domain", "domain" },
	{ "domainname", "domain" }, { "fqdn", "domain" },

	{ "追加ドメイン", "sans" }, { "追加ドメイン名", "sans" }, { "追加ドメイン(san)", "sans" },
	{ "san", "sans" }, { "sans", "sans" }, { "subjectalternativenames", "sans" },
	{ "subjectalternativename", "sans" }, { "subjectaltname", "sans" },
	{ "additionaldomains", "sans" }, { "additionalnames", "sans" },

	{ "認証局", "ca" }, { "認証局名", "ca" }, { "認証局(ca)", "ca" }, { "発行元", "ca" },
	{ "ca", "ca" }, { "certificateauthority", "ca" },

	{ "認証タイプ", "validation" }, { "認証方式", "validation" }, { "認証レベル", "validation" },
	{ "認証の種類", "validation" }, { "認証種別", "validation" }, { "validation", "validation" },
	{ "validationtype", "validation" }, { "validationlevel", "validation" },

	{ "証明書名", "product" }, { "製品名", "product" }, { "商品名", "product" },
	{ "証明書の種類", "product" }, { "証明書種類", "product" }, { "申請証明書名", "product" },
	{ "product", "product" }, { "productname", "product" }, { "certificate", "product" },
	{ "certificatetype", "product" }, { "certificatename", "product" },

	{ "お客様番号", "customer_id" }, { "お客様id", "customer_id" }, { "顧客id", "customer_id" },
	{ "顧客番号", "customer_id" }, { "customerid", "customer_id" },
	{ "customernumber", "customer_id" }, { "customerno", "customer_id" },

	{ "注文番号", "order_id" }, { "ご注文番号", "order_id" }, { "order", "order_id" },
	{ "orderid", "order_id" }, { "ordernumber", "order_id" }, { "orderno", "order_id" },

	{ "ログイン情報", "server_login" },

	{ "備考", "notes" }, { "その他", "notes" }, { "ご要望", "notes" }, { "連絡事項", "notes" },
	{ "通信欄", "notes" }, { "コメント", "notes" }, { "メッセージ", "notes" },
	{ "notes", "notes" }, { "note", "notes" }, { "remarks", "notes" },
	{ "comments", "notes" }, { "comment", "notes" }, { "message", "notes" },
};

/* Required/optional markers around a label, compared ASCII-case-insensitively. */
static const char *const label_markers[] = {
	"(必須)", "(任意)", "[必須]", "[任意]", "【必須】", "【任意】", "必須", "任意",
	"(required)", "(optional)", NULL,
};

/* A label ending like this is a sentence with a colon, not a label. */
static const char *const sentence_ends[] = {
	"ます", "です", "ました", "ません", "ください", "下さい", NULL,
};

struct label {
	char *display;    /* NFKC, decorations stripped, case kept: shown in unknown */
	char *words;      /* display in lower case */
	char *key;        /* words without spaces, '-', '_', '.', '・': matched */
	const char *hit;  /* table key or NULL */
	bool secret;      /* a password word in the label */
	bool login;       /* about a server login */
	bool standalone;  /* "【Label】" alone on its line */
	const char *value; /* into the line: the value after the separator */
};

struct part {
	char *label;
	char *value;
};

struct field {
	bool open;
	struct label lab;
	const char *key;  /* resolved canonical key, ORG_AUTO or NULL */
	enum section section;
	GString *value;
	bool empty_start; /* the label line had no value */
	size_t indent;
};

struct state {
	struct parse_form *form;
	GHashTable *multi; /* key (static) -> GPtrArray of struct part * */
	bool notes_secret;
	enum section section;
	struct field cur;
};

/* ---- characters ---------------------------------------------------------- */

static bool
is_decoration(gunichar c)
{
	static const gunichar deco[] = {
		'[', ']', '<', '>', '*', '#', '-', '=', '+', '~', '|', '"',
		0x3010, 0x3011, 0x3014, 0x3015, 0x3016, 0x3017,          /* 【】〔〕〖〗 */
		0x3008, 0x3009, 0x300A, 0x300B, 0x300C, 0x300D,          /* 〈〉《》「」 */
		0x25A0, 0x25A1, 0x25CF, 0x25CB, 0x25C6, 0x25C7, 0x25CE,  /* ■□●○◆◇◎ */
		0x2605, 0x2606, 0x25BC, 0x25BD, 0x25B2, 0x25B3,          /* ★☆▼▽▲△ */
		0x25B6, 0x25B7, 0x25BA, 0x2022, 0x30FB, 0x203B,          /* ▶▷►•・※ */
		0x2500, 0x2501, 0x2015, 0x2014, 0x2013,                  /* ─━―—– */
	};

	if (parse_text_is_space(c) || parse_text_is_invisible(c))
		return true;
	for (size_t i = 0; i < G_N_ELEMENTS(deco); i++)
		if (deco[i] == c)
			return true;
	return false;
}

/* First character of a heading line ("■ 技術担当者", "【ログイン情報】", "-----"). */
static bool
is_heading_start(gunichar c)
{
	return c != ' ' && c != '\t' && c != '"' && !parse_text_is_space(c) && is_decoration(c);
}

static gunichar
closing_bracket(gunichar c)
{
	switch (c) {
	case '[': return ']';
	case 0xFF3B: return 0xFF3D; /* ［］ */
	case 0x3010: return 0x3011; /* 【】 */
	case 0x3014: return 0x3015; /* 〔〕 */
	case 0x3016: return 0x3017; /* 〖〗 */
	default: return 0;
	}
}

/* ---- keywords ------------------------------------------------------------ */

/* words: lower case, NFKC, spaces kept (for word boundaries). */
static bool
words_secret(const char *words)
{
	static const char *const inside[] = {
		"パスワード", "password", "passwd", "passphrase", "暗証", NULL,
	};

	return parse_text_has_any(words, inside) || parse_text_has_word(words, "pass") ||
	       parse_text_has_word(words, "pw") || parse_text_has_word(words, "pwd");
}

static bool
words_login(const char *words)
{
	static const char *const inside[] = {
		"ログイン", "login", "コントロールパネル", "コンパネ", "control panel",
		"controlpanel", "cpanel", "plesk", NULL,
	};

	return parse_text_has_any(words, inside) || parse_text_has_word(words, "root") ||
	       parse_text_has_word(words, "ssh") || parse_text_has_word(words, "ftp") ||
	       parse_text_has_word(words, "sftp");
}

/* A secret about the server (not the customer's own) is login data. */
static bool
words_server(const char *words)
{
	static const char *const inside[] = { "サーバ", "server", "ホスト", "host", NULL };

	return words_login(words) || parse_text_has_any(words, inside);
}

/* The section a heading names, or -1. c: compact lower-case text. */
static int
section_of(const char *c)
{
	static const char *const tech[] = {
		"技術担当", "技術連絡", "技術者", "technicalcontact", "techcontact", NULL,
	};
	static const char *const login[] = {
		"ログイン", "login", "コントロールパネル", "controlpanel", "コンパネ", NULL,
	};
	static const char *const applicant[] = {
		"申請責任者", "申請者", "担当者", "applicant", "contact", NULL,
	};

	if (parse_text_has_any(c, tech))
		return SEC_TECH;
	if (parse_text_has_any(c, login))
		return SEC_LOGIN;
	if (parse_text_has_any(c, applicant))
		return SEC_APPLICANT;
	return -1;
}

static bool
text_secret(const char *s)
{
	char *w = parse_text_nfkc_lower(s, -1);
	bool yes = words_secret(w);

	g_free(w);
	return yes;
}

static bool
text_server(const char *s)
{
	char *w = parse_text_nfkc_lower(s, -1);
	bool yes = words_server(w);

	g_free(w);
	return yes;
}

/* ---- labels -------------------------------------------------------------- */

static void
label_clear(struct label *lab)
{
	g_free(lab->display);
	g_free(lab->words);
	g_free(lab->key);
	memset(lab, 0, sizeof *lab);
}

static bool
strip_marker(const char **b, const char **e)
{
	for (size_t i = 0; label_markers[i]; i++) {
		size_t n = strlen(label_markers[i]);

		if ((size_t)(*e - *b) < n)
			continue;
		if (!g_ascii_strncasecmp(*e - n, label_markers[i], n)) {
			*e -= n;
			return true;
		}
		if (!g_ascii_strncasecmp(*b, label_markers[i], n)) {
			*b += n;
			return true;
		}
	}
	return false;
}

/* Leading "1.", "2)", "(3)", "4、" or the "5" that NFKC made of "⑤". */
static bool
strip_numbering(const char **b, const char *e)
{
	const char *p = *b;
	bool paren = *p == '(';

	if (paren)
		p++;
	if (p >= e || !g_ascii_isdigit(*p))
		return false;
	while (p < e && g_ascii_isdigit(*p))
		p++;
	if (p >= e)
		return false;
	if (paren) {
		if (*p != ')')
			return false;
		p++;
	} else if (*p == '.' || *p == ')') {
		p++;
	} else if (!strncmp(p, "、", strlen("、"))) {
		p += strlen("、");
	} else if (!((unsigned char)*p >= 0x80 && g_unichar_isalpha(g_utf8_get_char(p)))) {
		return false;
	}
	if (p >= e)
		return false;
	*b = p;
	return true;
}

/* NFKC, stripped of decorations, numbering and markers; NULL when nothing is left. */
static char *
label_display(const char *raw, size_t len)
{
	char *n = parse_text_nfkc(raw, (gssize)len);
	const char *b = n, *e = n + strlen(n);
	bool changed = true;
	char *out = NULL;

	while (changed && b < e) {
		changed = false;
		while (b < e && is_decoration(g_utf8_get_char(b))) {
			b = g_utf8_next_char(b);
			changed = true;
		}
		while (e > b) {
			const char *pe = g_utf8_prev_char(e);

			if (!is_decoration(g_utf8_get_char(pe)))
				break;
			e = pe;
			changed = true;
		}
		if (b < e && (strip_numbering(&b, e) || strip_marker(&b, &e)))
			changed = true;
	}
	if (b < e)
		out = g_strndup(b, e - b);
	g_free(n);
	return out;
}

static bool
display_plausible(const char *d)
{
	static const char *const bad[] = { "@", "<", ">", "。", "!", "?", "://", NULL };
	bool alpha = false;
	unsigned spaces = 0;
	size_t n = strlen(d);

	if (g_utf8_strlen(d, -1) > LABEL_MAX_CHARS || parse_text_has_any(d, bad))
		return false;
	for (const char *p = d; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		alpha = alpha || g_unichar_isalpha(c);
		spaces += c == ' ';
	}
	if (!alpha || spaces > 5)
		return false;
	for (size_t i = 0; sentence_ends[i]; i++) {
		size_t m = strlen(sentence_ends[i]);

		if (n >= m && !strcmp(d + n - m, sentence_ends[i]))
			return false;
	}
	return true;
}

static const char *
table_lookup(const char *key, const char *words)
{
	for (size_t i = 0; i < G_N_ELEMENTS(labels); i++)
		if (!strcmp(labels[i].label, key))
			return labels[i].key;
	/* The canonical names themselves ("org_name_en: ..."), as in the CSV. */
	for (size_t i = 0; form_keys[i]; i++)
		if (!strcmp(words, form_keys[i]))
			return form_keys[i];
	return NULL;
}

static bool
make_label(const char *raw, size_t len, struct label *lab)
{
	char *d = label_display(raw, len);

	if (!d || !display_plausible(d)) {
		g_free(d);
		return false;
	}
	lab->display = d;
	lab->words = g_utf8_strdown(d, -1);
	lab->key = parse_text_compact(lab->words);
	lab->hit = table_lookup(lab->key, lab->words);
	lab->secret = words_secret(lab->words);
	lab->login = words_login(lab->words);
	return true;
}

static bool
label_known(const struct label *lab)
{
	return lab->hit || lab->secret || lab->login;
}

/* Read s (a line without its indentation) as a label line. On success lab
 * owns its strings and lab->value points into s. */
static bool
parse_label(const char *s, struct label *lab, int depth)
{
	gunichar close = closing_bracket(g_utf8_get_char(s));
	const char *p = s;
	const char *next;
	unsigned i;

	memset(lab, 0, sizeof *lab);
	if (close && depth < 3) {
		const char *inner = g_utf8_next_char(s);
		const char *q = inner;

		for (i = 0; *q && i < BRACKET_SCAN_CHARS && g_utf8_get_char(q) != close; i++)
			q = g_utf8_next_char(q);
		if (*q && g_utf8_get_char(q) == close) {
			const char *rest = parse_text_skip_spaces(g_utf8_next_char(q));
			bool colon = parse_text_is_colon(g_utf8_get_char(rest));

			if (colon)
				rest = parse_text_skip_spaces(g_utf8_next_char(rest));
			if (make_label(inner, q - inner, lab)) {
				if (colon || label_known(lab)) {
					lab->value = rest;
					lab->standalone = !colon && !*rest;
					return true;
				}
				label_clear(lab);
			}
			/* "【必須】会社名：…", "[重要] Label: …": the label follows. */
			return !colon && *rest && parse_label(rest, lab, depth + 1);
		}
	}

	/* Every colon is ':' or starts with 0xEF: the other characters are
	 * passed over without being decoded. */
	for (i = 0; *p && i < LABEL_SCAN_CHARS && *p != ':' &&
		    !(*p == '\xEF' && parse_text_is_colon(g_utf8_get_char(p)));
	     i++)
		p = g_utf8_next_char(p);
	if (!*p || !parse_text_is_colon(g_utf8_get_char(p)) || p == s)
		return false;
	next = g_utf8_next_char(p);
	/* "10:30" is a time, "https://" a URL. */
	if (g_ascii_isdigit(p[-1]) && g_ascii_isdigit(*next))
		return false;
	if (next[0] == '/' && next[1] == '/')
		return false;
	if (!make_label(s, p - s, lab))
		return false;
	lab->value = parse_text_skip_spaces(next);
	return true;
}

/* ---- the form ------------------------------------------------------------ */

static bool
is_multi(const char *key)
{
	return !strcmp(key, "password") || !strcmp(key, "server_login") || !strcmp(key, "notes");
}

static bool
is_person(const char *key)
{
	return !strcmp(key, "contact_name") || !strcmp(key, "contact_title") ||
	       !strcmp(key, "phone") || !strcmp(key, "department");
}

static void
part_free(gpointer data)
{
	struct part *part = data;

	g_free(part->label);
	g_free(part->value);
	g_free(part);
}

void
parse_form_free(struct parse_form *form)
{
	if (!form)
		return;
	if (form->fields)
		g_hash_table_unref(form->fields);
	if (form->unknown)
		g_ptr_array_unref(form->unknown);
	if (form->masked)
		g_ptr_array_unref(form->masked);
	g_free(form);
}

static struct parse_form *
form_new(void)
{
	struct parse_form *form = g_new0(struct parse_form, 1);

	form->fields = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	form->unknown = g_ptr_array_new_with_free_func(g_free);
	form->masked = g_ptr_array_new_with_free_func(g_free);
	return form;
}

static void
unknown_add(struct state *st, const char *label, const char *value)
{
	if (st->form->unknown->len >= PARSE_FORM_UNKNOWN_MAX) {
		st->form->unknown_dropped++;
		return;
	}
	g_ptr_array_add(st->form->unknown, g_strdup_printf("%s: %s", label, value));
}

/* The canonical key of a label line read in section, or NULL. */
static const char *
resolve_key(const struct label *lab, enum section section)
{
	if (lab->secret)
		return words_server(lab->words) || section == SEC_LOGIN ? "server_login" :
									    "password";
	if (lab->hit) {
		if (section == SEC_TECH && !strcmp(lab->hit, "contact_email"))
			return "tech_email";
		if (section == SEC_TECH && is_person(lab->hit))
			return NULL;
		return lab->hit;
	}
	if (lab->login || section == SEC_LOGIN)
		return "server_login";
	return NULL;
}

static void
store(struct state *st, const char *key, const char *label, const char *value, bool secret)
{
	char *norm;
	const char *have;

	if (key == ORG_AUTO)
		key = parse_text_has_japanese(value) ? "org_name" : "org_name_en";
	if (is_multi(key)) {
		struct part *part;
		GPtrArray *parts;

		if (!strcmp(key, "notes") && parse_form_value_means_none(value))
			return;
		if (secret) {
			unknown_add(st, label, PARSE_FORM_MASK);
			if (!strcmp(key, "notes"))
				st->notes_secret = true;
		}
		parts = g_hash_table_lookup(st->multi, key);
		if (!parts) {
			parts = g_ptr_array_new_with_free_func(part_free);
			g_hash_table_insert(st->multi, (gpointer)key, parts);
		}
		part = g_new0(struct part, 1);
		part->label = g_strdup(label);
		part->value = g_strdup(value);
		g_ptr_array_add(parts, part);
		return;
	}
	if (parse_form_value_means_none(value))
		return;
	norm = parse_form_normalize_value(key, value);
	have = g_hash_table_lookup(st->form->fields, key);
	if (!*norm)
		g_free(norm);
	else if (!have)
		g_hash_table_insert(st->form->fields, g_strdup(key), norm);
	else {
		if (strcmp(have, norm))
			unknown_add(st, label, norm);
		g_free(norm);
	}
}

static void
close_field(struct state *st)
{
	struct field *cur = &st->cur;
	char *value;
	const char *key;

	if (!cur->open)
		return;
	value = parse_text_collapse(cur->value->str);
	key = cur->key;
	if (*value) {
		bool secret = cur->lab.secret;

		if (!secret && (!key || is_multi(key)))
			secret = text_secret(value);
		if (!key && secret)
			key = words_server(cur->lab.words) || cur->section == SEC_LOGIN ||
					      text_server(value) ?
				      "server_login" : "password";
		if (key)
			store(st, key, cur->lab.display, value, secret);
		else
			unknown_add(st, cur->lab.display, value);
	}
	g_free(value);
	label_clear(&cur->lab);
	g_string_free(cur->value, TRUE);
	memset(cur, 0, sizeof *cur);
}

static void
open_field(struct state *st, struct label *lab, size_t indent)
{
	struct field *cur = &st->cur;

	/* "【申請責任者】" or "技術担当者:" alone: a heading as well. */
	if (!*lab->value && (lab->standalone || !label_known(lab))) {
		int sec = section_of(lab->key);

		if (sec >= 0)
			st->section = sec;
	}
	/* A known label of another kind ("備考" after the login lines,
	 * "コモンネーム" after the technical contact's) means the section is over. */
	if (lab->hit && !lab->secret &&
	    ((st->section == SEC_LOGIN && strcmp(lab->hit, "server_login")) ||
	     (st->section == SEC_TECH && strcmp(lab->hit, "contact_email") &&
	      strcmp(lab->hit, "tech_email") && !is_person(lab->hit))))
		st->section = SEC_NONE;
	cur->open = true;
	cur->lab = *lab;
	memset(lab, 0, sizeof *lab);
	cur->section = st->section;
	cur->key = resolve_key(&cur->lab, st->section);
	cur->value = g_string_new(cur->lab.value);
	cur->lab.value = NULL;
	cur->empty_start = !*cur->value->str;
	cur->indent = indent;
}

static void
append(struct state *st, const char *s)
{
	if (st->cur.value->len)
		g_string_append_c(st->cur.value, ' ');
	g_string_append(st->cur.value, s);
}

static void
heading(struct state *st, const char *s)
{
	const char *e = s;
	char *l, *c;
	bool alpha = false;
	int sec;

	for (unsigned i = 0; *e && i < HEADING_SCAN_CHARS; i++)
		e = g_utf8_next_char(e);
	l = parse_text_nfkc(s, e - s);
	c = g_utf8_strdown(l, -1);
	for (const char *p = c; *p && !alpha; p = g_utf8_next_char(p))
		alpha = g_unichar_isalpha(g_utf8_get_char(p));
	g_free(l);
	l = parse_text_compact(c);
	sec = section_of(l);
	/* A rule of dashes inside a section does not end it. */
	if (alpha)
		st->section = sec >= 0 ? (enum section)sec : SEC_NONE;
	g_free(l);
	g_free(c);
}

static bool
is_signature(const char *line)
{
	size_t n = strlen(line);

	while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	return n == 2 && line[0] == '-' && line[1] == '-';
}

static bool
is_original_separator(const char *s)
{
	static const char *const names[] = {
		"originalmessage", "元のメッセージ", "オリジナルメッセージ", NULL,
	};
	char *l, *c;
	bool yes = false;

	if ((*s != '-' && *s != '_' && *s != '=') || strlen(s) > 200)
		return false;
	l = parse_text_nfkc_lower(s, -1);
	c = parse_text_compact(l);
	for (size_t i = 0; names[i] && !yes; i++)
		yes = !strcmp(c, names[i]);
	g_free(l);
	g_free(c);
	return yes;
}

/* One line (NUL-terminated, without its line end). false: stop reading. */
static bool
do_line(struct state *st, const char *line)
{
	const char *s = line;
	size_t indent = 0;
	struct label lab;
	bool is_heading;

	if (is_signature(line)) {
		close_field(st);
		return false;
	}
	while (*s && (parse_text_is_space(g_utf8_get_char(s)) ||
		      parse_text_is_invisible(g_utf8_get_char(s)))) {
		s = g_utf8_next_char(s);
		indent++;
	}
	if (!*s) {
		close_field(st);
		return true;
	}
	if (is_original_separator(s)) {
		close_field(st);
		return false;
	}
	if (g_utf8_get_char(s) == '>' || g_utf8_get_char(s) == 0xFF1E) {
		close_field(st);
		return true;
	}
	if (st->cur.open && indent > st->cur.indent) {
		append(st, s);
		return true;
	}
	if (parse_label(s, &lab, 0)) {
		close_field(st);
		open_field(st, &lab, indent);
		return true;
	}
	is_heading = is_heading_start(g_utf8_get_char(s));
	if (st->cur.open && st->cur.empty_start && !is_heading) {
		append(st, s);
		return true;
	}
	close_field(st);
	if (is_heading)
		heading(st, s);
	return true;
}

/* password, server_login and notes into fields; the masked list. */
static void
finish(struct state *st)
{
	for (size_t k = 0; form_keys[k]; k++) {
		GPtrArray *parts = g_hash_table_lookup(st->multi, form_keys[k]);
		GString *v;

		if (!parts || !parts->len)
			continue;
		v = g_string_new(NULL);
		if (parts->len == 1) {
			g_string_append(v, ((struct part *)g_ptr_array_index(parts, 0))->value);
		} else {
			for (guint i = 0; i < parts->len; i++) {
				struct part *part = g_ptr_array_index(parts, i);

				g_string_append_printf(v, "%s%s: %s", i ? "\n" : "", part->label,
						       part->value);
			}
		}
		g_hash_table_insert(st->form->fields, g_strdup(form_keys[k]),
				    g_string_free(v, FALSE));
	}
	for (size_t k = 0; form_keys[k]; k++) {
		const char *key = form_keys[k];
		bool secret = !strcmp(key, "password") || !strcmp(key, "server_login") ||
			      (!strcmp(key, "notes") && st->notes_secret);

		if (secret && g_hash_table_contains(st->form->fields, key))
			g_ptr_array_add(st->form->masked, g_strdup(key));
	}
}

/* parse_form_text(), and parse_form_text_valid() when valid says the text
 * is known to be valid UTF-8 without a NUL. */
static enum mp_status
form_read(const char *text, size_t len, bool valid, struct parse_form **out, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	struct state st = { 0 };
	const char *bad = NULL;
	char *copy = NULL;
	char *p, *end;

	if (!out)
		return mp_error_set(err, MP_STATUS_BAD_INPUT, "form: no place for the result");
	*out = NULL;
	if (!text && len) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT, "form: no text");
		goto out;
	}
	if (len && !valid && !g_utf8_validate_len(text, len, &bad)) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT,
				      *bad ? "form text is not valid UTF-8 at byte %zu" :
					     "form text has a NUL byte at byte %zu",
				      (size_t)(bad - text));
		goto out;
	}
	st.form = form_new();
	st.multi = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
					 (GDestroyNotify)g_ptr_array_unref);
	copy = len ? g_strndup(text, len) : g_strdup("");
	p = copy;
	end = copy + len;
	if (g_str_has_prefix(p, "\xEF\xBB\xBF"))
		p += 3;
	while (p < end) {
		char *nl = memchr(p, '\n', end - p);
		char *eol = nl ? nl : end;

		*eol = '\0';
		if (eol > p && eol[-1] == '\r')
			eol[-1] = '\0';
		if (!do_line(&st, p) || !nl)
			break;
		p = nl + 1;
	}
	close_field(&st);
	finish(&st);
	*out = st.form;
	st.form = NULL;
out:
	close_field(&st);
	parse_form_free(st.form);
	if (st.multi)
		g_hash_table_unref(st.multi);
	g_free(copy);
	return status;
}

enum mp_status
parse_form_text(const char *text, size_t len, struct parse_form **out, struct mp_error *err)
{
	return form_read(text, len, false, out, err);
}

enum mp_status
parse_form_text_valid(const char *text, size_t len, struct parse_form **out, struct mp_error *err)
{
	return form_read(text, len, true, out, err);
}

bool
parse_form_is_form(const struct parse_form *form)
{
	static const char *const others[] = {
		"customer_id", "order_id", "org_name", "org_name_en", "postal_code", "address",
		"phone", "department", "contact_name", "contact_title", "contact_email",
		"tech_email", "sans", "ca", "validation", "product", NULL,
	};
	unsigned n = 0;

	if (!form || !parse_form_get(form, "domain"))
		return false;
	for (size_t i = 0; others[i]; i++)
		n += parse_form_get(form, others[i]) != NULL;
	return n >= 3;
}

const char *
parse_form_get(const struct parse_form *form, const char *key)
{
	if (!form || !key)
		return NULL;
	return g_hash_table_lookup(form->fields, key);
}

bool
parse_form_is_masked(const struct parse_form *form, const char *key)
{
	if (!form || !key)
		return false;
	for (guint i = 0; i < form->masked->len; i++)
		if (!strcmp(g_ptr_array_index(form->masked, i), key))
			return true;
	return false;
}

const char *const *
parse_form_keys(void)
{
	return form_keys;
}
