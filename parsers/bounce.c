/* Bounces: RFC 3464 delivery status notifications and the text ones of Postfix, qmail, Exim, Exchange, Gmail, Japanese ISPs. */
#include <string.h>

#include "parsers_priv.h"

/* How much of a bounce's text is read: what matters is at the top. */
#define BOUNCE_SCAN (16 * 1024)

/* ---- is it one ------------------------------------------------------------- */

static const char *const daemon_locals[] = {
	"mailer-daemon", "mailerdaemon", "mail-daemon", "maildaemon", "postmaster", "mdaemon", NULL,
};

static const char *const daemon_names[] = {
	"mail delivery subsystem", "mail delivery system", "mailer-daemon", "mailer daemon", "postmaster",
	"mail administrator", "system administrator", "システム管理者", "メール配信システム", NULL,
};

static bool
daemon_local(const char *address)
{
	const char *at = address ? strchr(address, '@') : NULL;
	bool hit = false;
	char *local;

	if (!address)
		return false;
	local = g_ascii_strdown(address, at ? at - address : -1);
	for (size_t i = 0; daemon_locals[i] && !hit; i++)
		hit = !strcmp(local, daemon_locals[i]);
	/* Exchange Online: "Microsoft Outlook <MicrosoftExchange329e71ec...@tenant>" */
	hit = hit || g_str_has_prefix(local, "microsoftexchange");
	g_free(local);
	return hit;
}

static bool
daemon_sender(const struct parse_view *view)
{
	char *name;
	bool hit;

	if (daemon_local(view->from) || daemon_local(view->sender))
		return true;
	if (!view->from_name || !g_utf8_validate(view->from_name, -1, NULL))
		return false;
	name = g_utf8_strdown(view->from_name, -1);
	hit = parse_text_has_any(name, daemon_names);
	g_free(name);
	return hit;
}

static const char *const bounce_subjects[] = {
	"undelivered mail", "delivery status notification", "undeliverable", "mail delivery failed",
	"mail delivery failure", "delivery failure", "returned mail", "failure notice", "delivery has failed",
	"could not be delivered", "non-delivery", "nondeliverable", "non delivery", "message not delivered",
	"delivery notification", "delivery failed", "could not send message", "delayed mail",
	"delivery delayed", "mail system error", "returned to sender", "配信不能", "配信エラー",
	"配送エラー", "送信エラー", "配信失敗", "配送失敗", "不達", "未達", "配信できませんでした",
	"送信できませんでした", "届きませんでした", "宛先不明", "エラーメール", NULL,
};

static const char *const bounce_texts[] = {
	"this is the qmail-send program", "wasn't able to deliver", "could not be delivered",
	"couldn't be delivered", "was not delivered", "wasn't delivered", "delivery has failed",
	"the following address(es) failed", "permanent fatal errors", "unable to deliver",
	"delivery to the following recipient", "message could not be delivered", "undeliverable",
	"returned to sender", "mail delivery failed", "delivery failed", "final-recipient:",
	"配信できませんでした", "送信できませんでした", "届けることができませんでした", "配送できませんでした",
	"配信に失敗", "配送に失敗", "送信に失敗", "届きませんでした", "宛先不明", NULL,
};

/* ---- small readers ---------------------------------------------------------- */

static bool
addr_char(char c)
{
	return g_ascii_isalnum(c) || (c && strchr("._%+-=!#$&'*/?^`{|}~", c));
}

/* The address around the '@' at at, inside s; lower case, or NULL. */
static char *
address_at(const char *s, const char *at)
{
	const char *b = at, *e = at + 1;

	while (b > s && addr_char(b[-1]))
		b--;
	while (g_ascii_isalnum(*e) || *e == '.' || *e == '-')
		e++;
	while (e > at + 1 && (e[-1] == '.' || e[-1] == '-'))
		e--;
	while (b < at && (*b == '.' || *b == '\''))
		b++;
	if (b == at || e == at + 1 || !memchr(at + 1, '.', e - at - 1))
		return NULL;
	return g_ascii_strdown(b, e - b);
}

static bool
usable_recipient(const char *address, const struct parse_view *view,
		 const struct parse_classify_config *config)
{
	return address && !daemon_local(address) && !parse_trust_list_has(config->own_addresses, address) &&
	       !(view->from && !g_ascii_strcasecmp(address, view->from));
}

/* The first usable address in s[0..len). */
static char *
first_address(const char *s, size_t len, const struct parse_view *view,
	      const struct parse_classify_config *config)
{
	for (const char *at = memchr(s, '@', len); at; at = memchr(at + 1, '@', len - (at + 1 - s))) {
		char *a = address_at(s, at);

		if (usable_recipient(a, view, config))
			return a;
		g_free(a);
		if ((size_t)(at + 1 - s) >= len)
			break;
	}
	return NULL;
}

/* An RFC 3463 status code at p: class.subject.detail, not part of an IP
 * address or a version number. Returns a new string or NULL. */
static char *
status_at(const char *s, const char *p)
{
	const char *q = p;

	if (!(*q == '2' || *q == '4' || *q == '5') || q[1] != '.')
		return NULL;
	if (p > s && (g_ascii_isdigit(p[-1]) || p[-1] == '.'))
		return NULL;
	q += 2;
	if (!g_ascii_isdigit(*q))
		return NULL;
	while (g_ascii_isdigit(*q))
		q++;
	if (*q != '.' || !g_ascii_isdigit(q[1]))
		return NULL;
	q++;
	while (g_ascii_isdigit(*q))
		q++;
	if (q - p > 9 || g_ascii_isalnum(*q) || (*q == '.' && g_ascii_isdigit(q[1])))
		return NULL;
	return g_strndup(p, q - p);
}

/* The status in s: first one after an SMTP reply code ("550 5.1.1",
 * "550-5.1.1"), then any; then the reply code alone ("550 User unknown" ->
 * "5.0.0"). NULL when there is none. */
static char *
status_in(const char *s)
{
	char *st = NULL;

	for (const char *p = s; *p && !st; p++)
		if ((p == s || !g_ascii_isalnum(p[-1])) && (p[0] == '4' || p[0] == '5') &&
		    g_ascii_isdigit(p[1]) && g_ascii_isdigit(p[2]) && (p[3] == ' ' || p[3] == '-'))
			st = status_at(s, p + 4);
	for (const char *p = s; *p && !st; p++)
		if (*p == '4' || *p == '5')
			st = status_at(s, p);
	for (const char *p = s; *p && !st; p++)
		if ((p == s || p[-1] == ' ' || p[-1] == '\n' || p[-1] == ':' || p[-1] == '(' || p[-1] == '\'') &&
		    (p[0] == '4' || p[0] == '5') && p[1] >= '0' && p[1] <= '5' && g_ascii_isdigit(p[2]) &&
		    (p[3] == ' ' || p[3] == '-'))
			st = g_strdup_printf("%c.0.0", p[0]);
	return st;
}

static const struct {
	const char *word;
	const char *status;
} status_words[] = {
	{ "mailbox full", "4.2.2" },          { "mailbox is full", "4.2.2" },
	{ "quota exceeded", "4.2.2" },        { "over quota", "4.2.2" },
	{ "exceeded storage", "4.2.2" },      { "insufficient storage", "4.2.2" },
	{ "容量オーバー", "4.2.2" },          { "容量を超え", "4.2.2" },
	{ "容量超過", "4.2.2" },              { "メールボックスがいっぱい", "4.2.2" },
	{ "user unknown", "5.1.1" },          { "unknown user", "5.1.1" },
	{ "no such user", "5.1.1" },          { "does not exist", "5.1.1" },
	{ "address not found", "5.1.1" },     { "couldn't be found", "5.1.1" },
	{ "could not be found", "5.1.1" },    { "recipient not found", "5.1.1" },
	{ "invalid recipient", "5.1.1" },     { "unknown recipient", "5.1.1" },
	{ "mailbox unavailable", "5.1.1" },   { "not our customer", "5.1.1" },
	{ "宛先不明", "5.1.1" },              { "存在しません", "5.1.1" },
	{ "見つかりません", "5.1.1" },        { "ユーザが存在", "5.1.1" },
	{ "host not found", "5.1.2" },        { "domain not found", "5.1.2" },
	{ "name or service not known", "5.1.2" }, { "no mx", "5.1.2" },
	{ "ドメインが存在", "5.1.2" },
	{ "delayed", "4.0.0" },               { "will retry", "4.0.0" },
	{ "will be retried", "4.0.0" },       { "still trying", "4.0.0" },
	{ "temporary failure", "4.0.0" },     { "temporarily", "4.0.0" },
	{ "this is a permanent error", "5.0.0" }, { "permanent fatal error", "5.0.0" },
	{ "permanent error", "5.0.0" },
};

/* ---- RFC 3464 ---------------------------------------------------------------- */

struct dsn {
	char *recipient;
	char *action;
	char *status;
	char *diagnostic;
};

static void
dsn_clear(struct dsn *d)
{
	g_free(d->recipient);
	g_free(d->action);
	g_free(d->status);
	g_free(d->diagnostic);
	memset(d, 0, sizeof *d);
}

/* "rfc822; <User@Example.jp>" -> "user@example.jp" */
static char *
dsn_address(const char *value)
{
	const char *semi = strchr(value, ';');
	const char *at;

	value = semi ? semi + 1 : value;
	at = strchr(value, '@');
	return at ? address_at(value, at) : NULL;
}

/* Walk the per-recipient fields of a message/delivery-status body and keep
 * the first block whose action is "failed" (else "delayed", else the first). */
static void
dsn_parse(const char *text, struct dsn *out)
{
	char **lines = g_strsplit(text, "\n", -1);
	struct dsn cur = { 0 };
	int best = -1, cur_rank;
	GString *field = g_string_new(NULL);

	for (guint i = 0;; i++) {
		char *line = lines[i];
		bool blank = true;

		if (line) {
			size_t n = strlen(line);

			if (n && line[n - 1] == '\r')
				line[n - 1] = '\0';
			for (const char *t = line; *t && blank; t++)
				blank = *t == ' ' || *t == '\t';
		}
		/* a folded line continues the field before it */
		if (!blank && (line[0] == ' ' || line[0] == '\t') && field->len) {
			g_string_append(field, line);
			continue;
		}
		if (field->len) {
			char *colon = strchr(field->str, ':');

			if (colon) {
				char *value = g_strstrip(g_strdup(colon + 1));
				char *name = g_ascii_strdown(field->str, colon - field->str);

				g_strstrip(name);
				if (!strcmp(name, "final-recipient") || (!strcmp(name, "original-recipient") && !cur.recipient)) {
					char *a = dsn_address(value);

					if (a) {
						g_free(cur.recipient);
						cur.recipient = a;
					}
				} else if (!strcmp(name, "action") && !cur.action) {
					cur.action = g_ascii_strdown(value, -1);
				} else if (!strcmp(name, "status") && !cur.status) {
					cur.status = status_in(value);
				} else if (!strcmp(name, "diagnostic-code") && !cur.diagnostic) {
					cur.diagnostic = g_strdup(value);
				}
				g_free(name);
				g_free(value);
			}
			g_string_truncate(field, 0);
		}
		if (!blank) {
			g_string_assign(field, line);
			continue;
		}
		if (cur.recipient || cur.action || cur.status) {
			cur_rank = cur.action && !strcmp(cur.action, "failed")    ? 2
				   : cur.action && !strcmp(cur.action, "delayed") ? 1
										: 0;
			if (cur_rank > best) {
				dsn_clear(out);
				*out = cur;
				memset(&cur, 0, sizeof cur);
				best = cur_rank;
			}
		}
		dsn_clear(&cur);
		if (!line)
			break;
	}
	g_string_free(field, TRUE);
	g_strfreev(lines);
}

/* ---- the original message ------------------------------------------------------ */

/* The value of the first "Message-ID:" header line in text, as "<...>". */
static char *
message_id_in(const char *text)
{
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		const char *v, *lt, *gt;

		while (*p == ' ' || *p == '\t' || *p == '>')
			p++;
		if (g_ascii_strncasecmp(p, "message-id:", 11) != 0)
			continue;
		v = p + 11;
		/* folded: the value on the next line */
		while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
			v++;
		lt = strchr(v, '<');
		gt = lt ? strchr(lt, '>') : NULL;
		if (lt && gt && gt - lt > 2 && !memchr(lt, '\n', gt - lt) && !memchr(lt, ' ', gt - lt))
			return g_strndup(lt, gt - lt + 1);
		{
			size_t n = strcspn(v, " \t\r\n");

			if (n > 2 && memchr(v, '@', n))
				return g_strdup_printf("<%.*s>", (int)n, v);
		}
	}
	return NULL;
}

/* Where the copy of the original message starts in lower-cased text, or its end. */
static size_t
original_starts(const char *lc)
{
	static const char *const markers[] = {
		"below this line is a copy of the message", "this is a copy of the message",
		"original message headers", "----- original message", "------ original message",
		"--- original message", "-----original message",
		"content-type: message/rfc822", "\nreturn-path:", "\nreceived: from", "元のメッセージ",
		"以下は元のメッセージ", "元のメールのヘッダー", "送信したメールのヘッダ", NULL,
	};
	size_t end = strlen(lc);

	for (size_t i = 0; markers[i]; i++) {
		const char *p = strstr(lc, markers[i]);

		if (p && (size_t)(p - lc) < end)
			end = p - lc;
	}
	return end;
}

/* ---- the recipient in text --------------------------------------------------- */

static const char *const recipient_markers[] = {
	"following address", "following recipient", "these recipients", "to the following",
	"permanent fatal errors", "delivered to", "delivery to", "failed recipient", "final-recipient",
	"original-recipient", "rcpt to", "recipient:", "recipient address", "以下のアドレス", "以下の宛先",
	"宛先:", "宛先：", "宛先アドレス", "受信者", "配信先", "送信先", NULL,
};

static char *
recipient_in_text(const char *head, const char *head_lc, const struct parse_view *view,
		  const struct parse_classify_config *config)
{
	char *found = NULL;
	const char *p;

	/* qmail "<a@b>:", Postfix "<a@b>: host ... said:", sendmail "<a@b>... User unknown" */
	for (p = head; p && *p && !found; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		const char *q = p, *gt;

		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '<')
			continue;
		gt = strchr(q, '>');
		if (gt && memchr(q, '@', gt - q) && !memchr(q, '\n', gt - q))
			found = first_address(q, gt - q, view, config);
	}
	/* a line naming the recipient, the address on it or on the next lines */
	for (size_t i = 0; recipient_markers[i] && !found; i++) {
		for (p = strstr(head_lc, recipient_markers[i]); p && !found;
		     p = strstr(p + 1, recipient_markers[i])) {
			const char *from = head + (p - head_lc);
			const char *to = from;
			int lines = 0;

			while (*to && lines < 4) {
				if (*to == '\n')
					lines++;
				to++;
			}
			found = first_address(from, to - from, view, config);
		}
	}
	if (!found)
		found = first_address(head, strlen(head), view, config);
	return found;
}

static bool
has_status(const char *s)
{
	char *st = status_in(s);

	g_free(st);
	return st != NULL;
}

/* ---- the whole ---------------------------------------------------------------- */

bool
parse_bounce_detect(const struct parse_view *view, const struct parse_classify_config *config,
		    struct parse_event *event)
{
	static struct parse_matcher *subjects;
	const struct parse_mail *m = view->mail;
	bool report, daemon, null_sender, subject, text, failed_header, prefixed;
	const char *x_failed = m ? parse_mail_header(m, "X-Failed-Recipients") : NULL;
	char *lc, *head, *head_lc;
	struct dsn dsn = { 0 };
	bool permanent = false;

	daemon = daemon_sender(view);
	null_sender = m && m->return_path && !*m->return_path;
	/* A delivery-status part outside a report counts only from a daemon. */
	report = m && ((m->report_type && !g_ascii_strcasecmp(m->report_type, "delivery-status")) ||
		       (m->delivery_status && (daemon || null_sender)));
	prefixed = g_str_has_prefix(view->subject_lc, "re:") || g_str_has_prefix(view->subject_lc, "fw") ||
		   g_str_has_prefix(view->subject_lc, "転送") || g_str_has_prefix(view->subject_lc, "返信");
	subject = parse_match_any(parse_match_static(&subjects, bounce_subjects), view->subject_lc,
				  view->subject_lc + strlen(view->subject_lc));
	failed_header = x_failed && *x_failed;
	/* The text is read only when the answer depends on it: most mail is
	 * no bounce by its sender and subject alone. */
	if (!(report || failed_header || daemon || null_sender || (!prefixed && subject)))
		return false;
	if (!event && (report || failed_header || ((daemon || null_sender) && subject)))
		return true;
	lc = g_ascii_strdown(view->text, (gssize)strnlen(view->text, BOUNCE_SCAN));
	text = parse_text_has_any(lc, bounce_texts);
	/* Without a daemon's address a person may be writing about a lost mail:
	 * then only a transcript with a status code makes it a bounce. */
	if (!(report || failed_header || ((daemon || null_sender) && (subject || text)) ||
	      (!prefixed && subject && text && has_status(lc)))) {
		g_free(lc);
		return false;
	}
	if (!event) {
		g_free(lc);
		return true;
	}

	head_lc = g_strndup(lc, original_starts(lc));
	head = g_strndup(view->text, strlen(head_lc));
	g_ptr_array_add(event->reasons,
			g_strdup(report ? "delivery status notification (RFC 3464)"
			: failed_header ? "bounce: X-Failed-Recipients"
			: daemon        ? "bounce from a mailer daemon"
			: null_sender   ? "bounce: null sender"
					: "bounce: subject and text"));
	if (m && m->delivery_status)
		dsn_parse(m->delivery_status, &dsn);
	else if (strstr(lc, "final-recipient:"))
		dsn_parse(view->text, &dsn); /* a DSN pasted as text */

	event->bounce_recipient = dsn.recipient ? g_strdup(dsn.recipient) : NULL;
	if (!event->bounce_recipient && failed_header) {
		const char *at = strchr(x_failed, '@');

		event->bounce_recipient = at ? address_at(x_failed, at) : NULL;
	}
	if (!event->bounce_recipient)
		event->bounce_recipient = recipient_in_text(head, head_lc, view, config);

	event->bounce_status = dsn.status ? g_strdup(dsn.status) : NULL;
	if (!event->bounce_status && dsn.diagnostic)
		event->bounce_status = status_in(dsn.diagnostic);
	if (!event->bounce_status)
		event->bounce_status = status_in(head);
	if (!event->bounce_status) {
		const char *hay[] = { dsn.diagnostic ? dsn.diagnostic : "", head_lc, view->subject_lc };

		for (size_t h = 0; h < G_N_ELEMENTS(hay) && !event->bounce_status; h++) {
			char *l = g_ascii_strdown(hay[h], -1);

			for (size_t i = 0; i < G_N_ELEMENTS(status_words) && !event->bounce_status; i++)
				if (strstr(l, status_words[i].word)) {
					event->bounce_status = g_strdup(status_words[i].status);
					g_ptr_array_add(event->reasons, g_strdup_printf("status %s from \"%s\"",
											status_words[i].status,
											status_words[i].word));
				}
			g_free(l);
		}
	}
	if (dsn.action && !strcmp(dsn.action, "failed"))
		permanent = true;
	if (event->bounce_status) {
		/* X.2.2 (mailbox full) is transient whatever its class (RFC 3463 3.3). */
		permanent = event->bounce_status[0] == '5' && !g_str_has_suffix(event->bounce_status, ".2.2");
		if (event->bounce_status[0] == '5' && !permanent)
			g_ptr_array_add(event->reasons, g_strdup("mailbox full is transient: soft"));
	} else if (!dsn.action && strstr(head_lc, "permanent")) {
		permanent = true;
	}
	if (dsn.action && strcmp(dsn.action, "failed") != 0)
		g_ptr_array_add(event->reasons, g_strdup_printf("delivery report: %s", dsn.action));
	event->bounce_hard = permanent;

	if (m && m->rfc822_headers)
		event->bounce_original_id = message_id_in(m->rfc822_headers);
	for (guint i = 0; m && m->messages && i < m->messages->len && !event->bounce_original_id; i++) {
		const struct parse_mail *orig = g_ptr_array_index(m->messages, i);

		if (orig && orig->message_id)
			event->bounce_original_id = g_strdup(orig->message_id);
	}
	if (!event->bounce_original_id)
		event->bounce_original_id = message_id_in(view->text + strlen(head));
	if (!event->bounce_original_id)
		event->bounce_original_id = message_id_in(view->text);

	g_ptr_array_add(event->reasons,
			g_strdup_printf("%s bounce%s%s", event->bounce_hard ? "hard" : "soft",
					event->bounce_status ? " " : "",
					event->bounce_status ? event->bounce_status : ""));
	dsn_clear(&dsn);
	g_free(head);
	g_free(head_lc);
	g_free(lc);
	return true;
}
