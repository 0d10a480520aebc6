/* What a mail is: forwards unwrapped, then bounce, auto-reply, CA mail, application form or customer reply. */
#include <stdarg.h>
#include <string.h>

#include "parsers_priv.h"

/* Forwards of forwards are followed this deep. */
#define FORWARD_DEPTH 3

static const char *const kind_names[] = {
	[PARSE_KIND_CUSTOMER_REPLY] = "customer_reply",
	[PARSE_KIND_APPLICATION_FORM] = "application_form",
	[PARSE_KIND_APPROVAL_NOTICE] = "approval_notice",
	[PARSE_KIND_ISSUED_CERTIFICATE] = "issued_certificate",
	[PARSE_KIND_AUTO_REPLY] = "auto_reply",
	[PARSE_KIND_BOUNCE] = "bounce",
	[PARSE_KIND_UNKNOWN] = "unknown",
};

const char *
parse_kind_name(enum parse_kind kind)
{
	if ((int)kind < 0 || (size_t)kind >= G_N_ELEMENTS(kind_names) || !kind_names[kind])
		return "unknown";
	return kind_names[kind];
}

void
parse_event_free(struct parse_event *event)
{
	if (!event)
		return;
	g_free(event->message_id);
	g_free(event->sender);
	g_free(event->subject);
	g_free(event->order_tag);
	if (event->reference_ids)
		g_ptr_array_unref(event->reference_ids);
	g_free(event->domain);
	g_free(event->forwarded_by);
	g_free(event->ca);
	g_free(event->ca_order);
	g_free(event->approval_url);
	parse_form_free(event->form);
	if (event->certificates)
		g_ptr_array_unref(event->certificates);
	g_free(event->bounce_recipient);
	g_free(event->bounce_status);
	g_free(event->bounce_original_id);
	if (event->reasons)
		g_ptr_array_unref(event->reasons);
	g_free(event);
}

struct classify {
	const struct parse_classify_config *config;
	struct parse_event *ev;
	GPtrArray *keep;       /* char *: strings the views borrow */
	GPtrArray *forwarders; /* char *: who forwarded, outermost first (borrowed) */
	GPtrArray *mails;      /* struct parse_mail *: .eml attachments parsed here */
};

static void
reason(struct classify *c, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
reason(struct classify *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_ptr_array_add(c->ev->reasons, g_strdup_vprintf(fmt, ap));
	va_end(ap);
}

static const char *
keep(struct classify *c, char *s)
{
	g_ptr_array_add(c->keep, s);
	return s;
}

/* ---- the parts of a decision -------------------------------------------------- */

static char *
order_tag_in(const char *s_lc)
{
	char *f, *tag = NULL;

	/* Folding the dashes leaves the letters: no "ord", no tag. */
	if (!strstr(s_lc, "ord"))
		return NULL;
	f = parse_text_fold_dashes(s_lc);

	for (const char *p = strstr(f, "ord-"); p && !tag; p = strstr(p + 1, "ord-")) {
		const char *q = p + 4;
		int year = 0, num = 0;

		if (p > f && g_ascii_isalnum(p[-1]))
			continue;
		while (g_ascii_isdigit(q[year]))
			year++;
		if (year != 4 || q[4] != '-')
			continue;
		q += 5;
		while (g_ascii_isdigit(q[num]))
			num++;
		if (num < 3 || num > 6 || g_ascii_isalnum(q[num]))
			continue;
		tag = g_strdup_printf("ORD-%.4s-%.*s", p + 4, num, q);
	}
	g_free(f);
	return tag;
}

/* In-Reply-To first, then References newest first, each once. */
static GPtrArray *
reference_ids(const struct parse_mail *m)
{
	GPtrArray *ids = g_ptr_array_new_with_free_func(g_free);
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);

	if (m->in_reply_to && *m->in_reply_to) {
		g_ptr_array_add(ids, g_strdup(m->in_reply_to));
		g_hash_table_add(seen, m->in_reply_to);
	}
	for (guint i = m->references ? m->references->len : 0; i > 0; i--) {
		char *id = g_ptr_array_index(m->references, i - 1);

		if (id && *id && !g_hash_table_contains(seen, id)) {
			g_hash_table_add(seen, id);
			g_ptr_array_add(ids, g_strdup(id));
		}
	}
	g_hash_table_unref(seen);
	return ids;
}

static bool
own_domain(const struct parse_classify_config *config, const char *host)
{
	const char *const *lists[] = { config->own_addresses, config->staff, config->ca_domains };

	for (size_t l = 0; l < G_N_ELEMENTS(lists); l++)
		for (const char *const *a = lists[l]; a && *a; a++) {
			const char *d = strchr(*a, '@') ? parse_trust_address_domain(*a) : *a;

			if (d && parse_trust_host_in(host, d))
				return true;
		}
	return parse_trust_ca_name(host) != NULL;
}

/* The first host name the customer wrote, not ours and not a CA's. */
static char *
host_in_text(const struct parse_classify_config *config, const char *s)
{
	for (const char *p = s; *p;) {
		const char *end = NULL;
		char *host;

		if (!g_ascii_isalnum(*p) || (p > s && (g_ascii_isalnum(p[-1]) || strchr(".-_@", p[-1])))) {
			p++;
			continue;
		}
		host = parse_trust_host_token(p, &end);
		if (host && !own_domain(config, host))
			return host;
		g_free(host);
		p = end && end > p ? end : p + 1;
	}
	return NULL;
}

/* A CA's request, whoever pasted it. */
static const char *const ca_request_phrases[] = {
	"approve or reject", "承認または却下", "requires approval", "requires your approval",
	"domain control validation", NULL,
};

/* A fresh mail must speak of the renewal itself: spam speaks of SSL
 * certificates too. */
static const char *const renewal_words[] = {
	"更新", "renew", "継続", "解約", "ord-", NULL,
};

/* A CA's issuer name on a certificate sent by someone else. */
static const char *
ca_of_issuer(const struct parse_cert_facts *leaf)
{
	static const struct {
		const char *word, *ca;
	} issuers[] = {
		{ "digicert", "digicert" }, { "geotrust", "digicert" }, { "rapidssl", "digicert" },
		{ "thawte", "digicert" },   { "sectigo", "sectigo" },   { "comodo", "sectigo" },
		{ "usertrust", "sectigo" }, { "globalsign", "globalsign" }, { "alphassl", "globalsign" },
	};
	char *l;
	const char *ca = NULL;

	if (!leaf->issuer_cn)
		return NULL;
	l = g_ascii_strdown(leaf->issuer_cn, -1);
	for (size_t i = 0; i < G_N_ELEMENTS(issuers) && !ca; i++)
		if (strstr(l, issuers[i].word))
			ca = issuers[i].ca;
	g_free(l);
	return ca;
}

/* ---- the decision --------------------------------------------------------------- */

static void classify_view(struct classify *c, const struct parse_view *view, unsigned depth);

static bool
forwarded_by_staff(struct classify *c)
{
	for (guint i = 0; i < c->forwarders->len; i++)
		if (!parse_trust_list_has(c->config->staff, g_ptr_array_index(c->forwarders, i)))
			return false;
	return c->forwarders->len > 0;
}

/* Unwrap a forward in view (whose auto-reply level is autolevel): returns
 * true when the inner mail was classified. */
static bool
unwrap(struct classify *c, const struct parse_view *view, enum parse_auto autolevel, unsigned depth)
{
	const struct parse_mail *m = view->mail;
	const struct parse_mail *inner = NULL;
	struct parse_forward f = { 0 };
	struct parse_view iv;
	const char *by = view->from ? view->from : "an unknown sender";
	bool by_staff = parse_trust_list_has(c->config->staff, view->from);
	bool machine;

	if (depth >= FORWARD_DEPTH || parse_trust_ca_domain(view->from, c->config->ca_domains))
		return false;
	/* A bounce or a read receipt carries the original as an attachment too. */
	machine = parse_bounce_detect(view, c->config, NULL) ||
		  (m && m->report_type && !g_ascii_strcasecmp(m->report_type, "disposition-notification")) ||
		  autolevel == PARSE_AUTO_STRONG;
	if (machine)
		return false;
	if (m)
		inner = parse_forward_attached(m, c->config->ca_domains, c->mails);
	if (inner) {
		if (parse_trust_list_has(c->config->own_addresses, inner->from.address) && !by_staff) {
			reason(c, "sends back our own mail as an attachment");
			return false;
		}
		parse_view_of_mail(c->keep, &iv, inner);
		if (!iv.attachments || !iv.attachments->len)
			iv.attachments = view->attachments;
		iv.forwarded = true;
		reason(c, "forwarded as an attachment by %s", by);
		for (guint i = 0; inner->reasons && i < inner->reasons->len; i++)
			reason(c, "forwarded mail: %s", (char *)g_ptr_array_index(inner->reasons, i));
		if (inner->over_limits)
			c->ev->needs_staff = true;
	} else if (parse_forward_find_inline(view, &f)) {
		if (parse_trust_list_has(c->config->own_addresses, f.from) && !by_staff) {
			reason(c, "forwards our own mail back");
			parse_forward_clear(&f);
			return false;
		}
		memset(&iv, 0, sizeof iv);
		iv.from = f.from ? keep(c, g_steal_pointer(&f.from)) : NULL;
		iv.from_name = f.from_name ? keep(c, g_steal_pointer(&f.from_name)) : NULL;
		iv.subject = f.subject ? keep(c, g_steal_pointer(&f.subject)) : "";
		iv.text = keep(c, g_steal_pointer(&f.text));
		iv.attachments = view->attachments;
		iv.forwarded = true;
		parse_view_finish(c->keep, &iv);
		reason(c, "forwarded inline by %s", by);
		parse_forward_clear(&f);
	} else {
		return false;
	}
	g_ptr_array_add(c->forwarders, (gpointer)(view->from ? view->from : ""));
	classify_view(c, &iv, depth + 1);
	return true;
}

static void
set_sender(struct classify *c, const struct parse_view *view)
{
	const char *s = view->from ? view->from : view->sender;

	g_free(c->ev->sender);
	c->ev->sender = s ? g_ascii_strdown(s, -1) : NULL;
	g_free(c->ev->subject);
	c->ev->subject = g_strdup(view->subject);
}

static void
classify_ca(struct classify *c, const struct parse_view *view, const char *ca_domain, GPtrArray *certs)
{
	struct parse_event *ev = c->ev;
	bool staff = forwarded_by_staff(c);

	parse_ca_classify(view, ca_domain, certs, ev);
	if (view->forwarded)
		reason(c, "the CA's headers came inside a forward: not checked");
	else
		ev->ca_authenticated = parse_trust_authenticated(view->mail, c->config->authserv_id, ca_domain,
								 ev->reasons);
	switch (ev->kind) {
	case PARSE_KIND_APPROVAL_NOTICE:
		ev->trusted = ev->ca_authenticated || staff;
		if (ev->ca_authenticated)
			reason(c, "CA sender authenticated");
		else if (staff)
			reason(c, "forwarded by staff %s", ev->forwarded_by);
		else if (view->forwarded)
			reason(c, "forwarded by a non-staff address");
		else
			reason(c, "spoofed or unauthenticated CA sender");
		break;
	case PARSE_KIND_ISSUED_CERTIFICATE:
		reason(c, "certificate not yet verified against an order");
		break;
	default:
		ev->needs_staff = true;
		break;
	}
}

static bool
has_reply_headers(const struct parse_view *view)
{
	const struct parse_mail *m = view->mail;

	return m && ((m->in_reply_to && *m->in_reply_to) || (m->references && m->references->len));
}

static void
classify_reply(struct classify *c, const struct parse_view *view, const char *claimed, const char *own)
{
	struct parse_event *ev = c->ev;
	bool headers = has_reply_headers(view), re = parse_forward_reply_subject(view->subject_lc);
	char *own_lc = parse_view_fold_lower(own, -1);
	bool words = parse_text_has_any(view->subject_lc, renewal_words) || parse_text_has_any(own_lc, renewal_words);
	GPtrArray *scratch = g_ptr_array_new_with_free_func(g_free);

	if (claimed) {
		ev->kind = PARSE_KIND_UNKNOWN;
		goto out;
	}
	if (parse_trust_list_has(c->config->staff, view->from)) {
		ev->kind = PARSE_KIND_UNKNOWN;
		reason(c, "mail from staff, not a forward");
		goto out;
	}
	if (!headers && !re && !words) {
		ev->kind = PARSE_KIND_UNKNOWN;
		reason(c, "no sign of a reply or of the renewal");
		goto out;
	}
	if (!headers && parse_autoreply_is_bulk(view, scratch)) {
		ev->kind = PARSE_KIND_UNKNOWN;
		reason(c, "newsletter or bulk mail: %s", (char *)g_ptr_array_index(scratch, 0));
		goto out;
	}
	if (!headers && parse_text_has_any(own_lc, ca_request_phrases)) {
		ev->kind = PARSE_KIND_UNKNOWN;
		reason(c, "reads like a CA approval request but is from %s", view->from ? view->from : "(none)");
		goto out;
	}
	ev->kind = PARSE_KIND_CUSTOMER_REPLY;
	reason(c, "%s", headers ? "reply (In-Reply-To/References)" : re ? "reply (subject)" : "mentions the renewal");
	ev->intent = parse_intent_detect_valid(own, view->subject, ev->reasons);
	if (ev->intent == PARSE_INTENT_NONE) {
		ev->intent = PARSE_INTENT_UNCLEAR;
		reason(c, "no intent found");
	}
	if (!ev->domain)
		ev->domain = host_in_text(c->config, own_lc);
	if (!ev->domain)
		ev->domain = host_in_text(c->config, view->subject_lc);
out:
	g_ptr_array_unref(scratch);
	g_free(own_lc);
}

/* An Auto-Submitted value other than "no", or NULL. */
static const char *
auto_submitted(const struct parse_view *view)
{
	const char *v = view->mail ? parse_mail_header(view->mail, "Auto-Submitted") : NULL;

	if (!v)
		return NULL;
	v = parse_text_skip_spaces(v);
	return g_ascii_strncasecmp(v, "no", 2) == 0 && !g_ascii_isalnum(v[2]) && v[2] != '-' ? NULL : v;
}

/* Whether the sender's own words renew or decline: then out-of-office
 * wording in the subject or text ("休暇をいただいております" as a note) is
 * the person's, not a machine's. */
static bool
clear_answer(const struct parse_view *view, const char *own)
{
	GPtrArray *scratch = g_ptr_array_new_with_free_func(g_free);
	enum parse_intent intent = parse_intent_detect_valid(own ? own : "", view->subject, scratch);

	g_ptr_array_unref(scratch);
	return intent == PARSE_INTENT_RENEW || intent == PARSE_INTENT_DECLINE;
}

static void
classify_view(struct classify *c, const struct parse_view *view, unsigned depth)
{
	struct parse_event *ev = c->ev;
	const struct parse_mail *m = view->mail;
	GPtrArray *auto_reasons = NULL, *certs = NULL;
	enum parse_auto autolevel;
	const char *ca_domain, *claimed = NULL;
	struct parse_form *form = NULL;
	bool is_form = false;
	char *own = NULL;

	/* Read once: unwrap() needs it as well as the decision below. */
	auto_reasons = g_ptr_array_new_with_free_func(g_free);
	autolevel = parse_autoreply_detect(view, auto_reasons);
	if (unwrap(c, view, autolevel, depth))
		goto out;
	set_sender(c, view);
	if (!ev->order_tag)
		ev->order_tag = order_tag_in(view->subject_lc);
	if (c->forwarders->len) {
		const char *by = g_ptr_array_index(c->forwarders, 0);

		ev->forwarded_by = *by ? g_strdup(by) : NULL;
		ev->forwarded_by_staff = forwarded_by_staff(c);
		if (!ev->forwarded_by_staff)
			reason(c, "forwarded by %s, who is not staff", *by ? by : "an unknown sender");
	}

	if (parse_bounce_detect(view, c->config, ev)) {
		ev->kind = PARSE_KIND_BOUNCE;
		goto out;
	}
	if (m && m->report_type && !g_ascii_strcasecmp(m->report_type, "disposition-notification")) {
		ev->kind = PARSE_KIND_AUTO_REPLY;
		reason(c, "read receipt (RFC 8098)");
		goto out;
	}
	if (parse_trust_list_has(c->config->own_addresses, view->from)) {
		ev->kind = PARSE_KIND_UNKNOWN;
		reason(c, "our own mail");
		goto out;
	}
	ca_domain = parse_trust_ca_domain(view->from, c->config->ca_domains);
	if (!ca_domain)
		ca_domain = parse_trust_ca_domain(view->sender, c->config->ca_domains);
	if (!ca_domain) {
		const char *domain = parse_trust_address_domain(view->from);

		claimed = parse_trust_claimed_ca(view->from_name);
		if (domain && parse_trust_ca_name(domain)) {
			/* geotrust.com when only digicert.com is configured */
			claimed = parse_trust_ca_name(domain);
			reason(c, "from %s, a CA's domain that is not in ca_domains", domain);
		} else if (claimed) {
			reason(c, "claims to be %s but is from %s", claimed, domain ? domain : "nowhere");
		}
	}
	/* What the sender wrote, without what they quoted: a reply quoting our
	 * notice quotes its names and fields too. (A view's text is valid
	 * UTF-8 already.) */
	if (!ca_domain) {
		own = parse_quote_own_valid(view->text);
		if (!own)
			own = g_strdup("");
	}
	if (!ca_domain && !claimed) {
		struct mp_error err = { "" };
		/* A reply quotes our notice, fields and all: only its own words
		 * count. A fresh mail is read whole (the form skips '>' lines and
		 * what follows "-----Original Message-----" itself). */
		bool reply = has_reply_headers(view) || parse_forward_reply_subject(view->subject_lc);
		const char *form_text = reply ? own : view->text;

		if (parse_form_text_valid(form_text, strlen(form_text), &form, &err) != MP_STATUS_OK)
			reason(c, "form: %s", err.text);
		is_form = form && parse_form_is_form(form);
		/* A CA's mail lists names and an organization too. */
		if (is_form && parse_text_has_any(view->text_lc, ca_request_phrases)) {
			reason(c, "reads like a CA approval request, not a form");
			is_form = false;
		}
	}
	if (autolevel == PARSE_AUTO_STRONG && !is_form) {
		ev->kind = PARSE_KIND_AUTO_REPLY;
		goto reasons;
	}
	certs = parse_ca_certificates(view, ev->reasons);
	if (ca_domain) {
		classify_ca(c, view, ca_domain, g_steal_pointer(&certs));
		goto out;
	}
	if (certs->len) {
		const struct parse_cert_facts *leaf = g_ptr_array_index(certs, 0);

		/* The certificate proves itself later, whoever sent it. */
		ev->kind = PARSE_KIND_ISSUED_CERTIFICATE;
		ev->ca = g_strdup(ca_of_issuer(leaf));
		if (leaf->subject_cn && *leaf->subject_cn)
			ev->domain = g_ascii_strdown(leaf->subject_cn, -1);
		else if (leaf->sans && leaf->sans->len)
			ev->domain = g_ascii_strdown(g_ptr_array_index(leaf->sans, 0), -1);
		ev->certificates = g_steal_pointer(&certs);
		reason(c, "certificates attached by a non-CA sender");
		reason(c, "certificate not yet verified against an order");
		goto out;
	}
	if (is_form) {
		const char *order = parse_form_get(form, "order_id");

		ev->kind = PARSE_KIND_APPLICATION_FORM;
		ev->form = g_steal_pointer(&form);
		if (parse_form_get(ev->form, "domain")) {
			char *folded = parse_text_fold_dashes(parse_form_get(ev->form, "domain"));

			ev->domain = g_ascii_strdown(folded, -1);
			g_free(folded);
		}
		if (!ev->order_tag && order) {
			char *lc = g_ascii_strdown(order, -1);

			ev->order_tag = order_tag_in(lc);
			g_free(lc);
		}
		reason(c, "application form");
		goto out;
	}
	if (autolevel == PARSE_AUTO_WEAK && !(auto_submitted(view) == NULL && clear_answer(view, own))) {
		ev->kind = PARSE_KIND_AUTO_REPLY;
		goto reasons;
	}
	if (autolevel == PARSE_AUTO_WEAK)
		reason(c, "out-of-office words, but a person's clear answer");
	classify_reply(c, view, claimed, own);
	goto out;
reasons:
	for (guint i = 0; i < auto_reasons->len; i++)
		reason(c, "%s", (char *)g_ptr_array_index(auto_reasons, i));
out:
	if (certs)
		g_ptr_array_unref(certs);
	g_ptr_array_unref(auto_reasons);
	parse_form_free(form);
	g_free(own);
}

enum mp_status
parse_classify(const struct parse_mail *mail, const struct parse_classify_config *config,
	       struct parse_event **out, struct mp_error *err)
{
	struct classify c = { 0 };
	struct parse_view view;
	struct parse_event *ev;

	*out = NULL;
	if (!mail || !config)
		return mp_error_set(err, MP_STATUS_BAD_INPUT, "no mail or no configuration to classify");
	ev = g_new0(struct parse_event, 1);
	ev->kind = PARSE_KIND_UNKNOWN;
	ev->intent = PARSE_INTENT_NONE;
	ev->reasons = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; mail->reasons && i < mail->reasons->len; i++)
		g_ptr_array_add(ev->reasons, g_strdup(g_ptr_array_index(mail->reasons, i)));
	ev->message_id = g_strdup(mail->message_id);
	ev->reference_ids = reference_ids(mail);
	c.config = config;
	c.ev = ev;
	c.keep = g_ptr_array_new_with_free_func(g_free);
	c.forwarders = g_ptr_array_new();
	c.mails = g_ptr_array_new_with_free_func((GDestroyNotify)parse_mail_free);

	/* The tag of the outer subject ("Fwd: [ORD-...] ...") counts first. */
	parse_view_of_mail(c.keep, &view, mail);
	ev->order_tag = order_tag_in(view.subject_lc);
	classify_view(&c, &view, 0);

	if (ev->kind != PARSE_KIND_CUSTOMER_REPLY)
		ev->intent = PARSE_INTENT_NONE;
	if (mail->over_limits) {
		ev->needs_staff = true;
		g_ptr_array_add(ev->reasons, g_strdup("over limits: read only in part"));
	}
	if (ev->kind == PARSE_KIND_UNKNOWN || ev->intent == PARSE_INTENT_UNCLEAR)
		ev->needs_staff = true;
	g_ptr_array_unref(c.forwarders);
	g_ptr_array_unref(c.keep);
	g_ptr_array_unref(c.mails);
	*out = ev;
	return MP_STATUS_OK;
}
