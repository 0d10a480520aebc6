/* Unit tests of parse_auth_results_pass and the trust helpers: RFC 8601 headers, domains, look-alikes. */
#include <string.h>

#include <criterion/criterion.h>

#include "parsers_priv.h"

#define ID "mx.example-hosting.jp"

static bool
pass(const char *value, const char *domain)
{
	return parse_auth_results_pass(value, ID, domain);
}

Test(parse_trust, dkim_pass)
{
	cr_assert(pass(ID "; dkim=pass header.d=digicert.com header.s=sel header.b=AbCd", "digicert.com"));
	cr_assert(pass(ID "; dkim=pass header.d=digicert.com", "DigiCert.COM"));
	cr_assert(pass(ID "; DKIM=PASS header.d=DigiCert.com", "digicert.com"));
}

Test(parse_trust, fail_none_neutral)
{
	cr_assert_not(pass(ID "; dkim=fail header.d=digicert.com", "digicert.com"));
	cr_assert_not(pass(ID "; dkim=neutral (no signature) header.d=digicert.com", "digicert.com"));
	cr_assert_not(pass(ID "; none", "digicert.com"));
	cr_assert_not(pass(ID, "digicert.com"));
	cr_assert_not(pass("", "digicert.com"));
	cr_assert_not(pass(ID "; dkim=permerror header.d=digicert.com; dmarc=fail header.from=digicert.com",
			   "digicert.com"));
	cr_assert_not(parse_auth_results_pass(NULL, ID, "digicert.com"));
	cr_assert_not(parse_auth_results_pass(ID "; dkim=pass header.d=digicert.com", NULL, "digicert.com"));
	cr_assert_not(parse_auth_results_pass(ID "; dkim=pass header.d=digicert.com", "", "digicert.com"));
	cr_assert_not(parse_auth_results_pass(ID "; dkim=pass header.d=digicert.com", ID, ""));
}

Test(parse_trust, other_authserv_id_ignored)
{
	cr_assert_not(pass("mx.evil.example; dkim=pass header.d=digicert.com", "digicert.com"));
	/* The id is compared whole, not as a prefix or suffix. */
	cr_assert_not(pass("mx.example-hosting.jp.evil.example; dkim=pass header.d=digicert.com",
			   "digicert.com"));
	cr_assert_not(pass("example-hosting.jp; dkim=pass header.d=digicert.com", "digicert.com"));
	/* Case of the id does not matter; a version after it is allowed. */
	cr_assert(pass("MX.Example-Hosting.JP 1; dkim=pass header.d=digicert.com", "digicert.com"));
	cr_assert(pass("  " ID "\r\n\t; dkim=pass header.d=digicert.com", "digicert.com"));
}

Test(parse_trust, comments_ignored)
{
	cr_assert(pass(ID " (Postfix (with milter)); dkim=pass (2048-bit key; unprotected) "
			  "header.d=digicert.com (comment; with semicolon) header.i=@digicert.com",
		       "digicert.com"));
	/* A domain in a comment proves nothing. */
	cr_assert_not(pass(ID "; dkim=pass (header.d=digicert.com) header.d=evil.example", "digicert.com"));
	cr_assert_not(pass(ID "; dkim=fail (dkim=pass header.d=digicert.com)", "digicert.com"));
	cr_assert(pass(ID "; dkim=pass (a \\) escaped paren) header.d=digicert.com", "digicert.com"));
}

Test(parse_trust, quoted_values)
{
	cr_assert(pass(ID "; dkim=pass header.d=\"digicert.com\"", "digicert.com"));
	cr_assert(pass(ID "; dkim=pass reason=\"signature ok; good\" header.d=digicert.com", "digicert.com"));
	cr_assert(pass("\"" ID "\"; dkim=pass header.d=digicert.com", "digicert.com"));
	cr_assert_not(pass(ID "; dkim=pass reason=\"header.d=digicert.com\" header.d=evil.example",
			   "digicert.com"));
}

Test(parse_trust, multiple_methods)
{
	const char *gmail_like =
		ID ";\r\n       dkim=pass header.i=@sectigo.com header.s=s1 header.b=Q1w2E3r4;\r\n"
		"       spf=pass (domain of bounce@sectigo.com designates 1.2.3.4 as permitted sender) "
		"smtp.mailfrom=bounce@sectigo.com;\r\n"
		"       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=sectigo.com";

	cr_assert(pass(gmail_like, "sectigo.com"));
	cr_assert_not(pass(gmail_like, "digicert.com"));
	cr_assert(pass(ID "; spf=pass smtp.mailfrom=x@evil.example; dmarc=pass header.from=globalsign.com",
		       "globalsign.com"));
	cr_assert(pass(ID "; dkim=fail header.d=digicert.com; dkim=pass header.d=digicert.com", "digicert.com"));
	cr_assert(pass(ID "; dkim/1=pass header.d=digicert.com", "digicert.com"));
}

Test(parse_trust, spf_alone_is_not_enough)
{
	cr_assert_not(pass(ID "; spf=pass smtp.mailfrom=noreply@digicert.com", "digicert.com"));
	cr_assert_not(pass(ID "; spf=pass smtp.mailfrom=digicert.com; dkim=none; dmarc=none header.from=digicert.com",
			   "digicert.com"));
	cr_assert_not(pass(ID "; dmarc=fail header.from=digicert.com; spf=pass smtp.mailfrom=digicert.com",
			   "digicert.com"));
}

Test(parse_trust, subdomains)
{
	cr_assert(pass(ID "; dkim=pass header.d=mail.digicert.com", "digicert.com"));
	cr_assert(pass(ID "; dmarc=pass header.from=notify.sectigo.com", "sectigo.com"));
	/* A parent domain does not prove a subdomain's mail. */
	cr_assert_not(pass(ID "; dkim=pass header.d=digicert.com", "mail.digicert.com"));
	cr_assert_not(pass(ID "; dkim=pass header.d=com", "digicert.com"));
}

Test(parse_trust, header_i)
{
	cr_assert(pass(ID "; dkim=pass header.i=@digicert.com", "digicert.com"));
	cr_assert(pass(ID "; dkim=pass header.i=noreply@em.digicert.com", "digicert.com"));
	cr_assert_not(pass(ID "; dkim=pass header.i=@evil.example", "digicert.com"));
	/* d= decides when both are there. */
	cr_assert_not(pass(ID "; dkim=pass header.d=evil.example header.i=@digicert.com", "digicert.com"));
}

Test(parse_trust, look_alikes)
{
	cr_assert_not(pass(ID "; dkim=pass header.d=evil-digicert.com", "digicert.com"));
	cr_assert_not(pass(ID "; dkim=pass header.d=digicert.com.evil.jp", "digicert.com"));
	cr_assert_not(pass(ID "; dkim=pass header.d=xdigicert.com", "digicert.com"));
	cr_assert_not(pass(ID "; dmarc=pass header.from=digicert.co", "digicert.com"));
	cr_assert_not(pass(ID "; dmarc=pass header.from=digicert.com.evil.jp", "digicert.com"));
	cr_assert_not(pass(ID "; dkim=pass header.i=@evil-digicert.com", "digicert.com"));
}

Test(parse_trust, broken_input)
{
	cr_assert_not(pass(ID "; dkim", "digicert.com"));
	cr_assert_not(pass(ID "; =pass header.d=digicert.com", "digicert.com"));
	cr_assert_not(pass(ID "; dkim=pass header.d=", "digicert.com"));
	cr_assert_not(pass(ID "; dkim=pass header.d=\"digicert.com", "digicert.com.x"));
	cr_assert_not(pass(ID "; dkim=pass (unterminated header.d=digicert.com", "digicert.com"));
	cr_assert(pass(ID "; ;; dkim=pass ;; header.d=x; dkim=pass header.d=digicert.com", "digicert.com"));
	cr_assert(pass(ID "; dkim=pass header.b=abc= header.d=digicert.com", "digicert.com"));
}

Test(parse_trust, host_in)
{
	cr_assert(parse_trust_host_in("digicert.com", "digicert.com"));
	cr_assert(parse_trust_host_in("www.DigiCert.com", "digicert.com"));
	cr_assert(parse_trust_host_in("digicert.com.", "digicert.com"));
	cr_assert_not(parse_trust_host_in("evil-digicert.com", "digicert.com"));
	cr_assert_not(parse_trust_host_in("digicert.com.evil.example", "digicert.com"));
	cr_assert_not(parse_trust_host_in("com", "digicert.com"));
	cr_assert_not(parse_trust_host_in("", "digicert.com"));
	cr_assert_not(parse_trust_host_in("digicert.com", ""));
	cr_assert_not(parse_trust_host_in(NULL, "digicert.com"));
}

Test(parse_trust, ca_domains_and_names)
{
	const char *const domains[] = { "digicert.com", "sectigo.com", "comodo.com", "globalsign.com", NULL };

	cr_assert_str_eq(parse_trust_ca_domain("noreply@digicert.com", domains), "digicert.com");
	cr_assert_str_eq(parse_trust_ca_domain("a@mail.comodo.com", domains), "comodo.com");
	cr_assert_null(parse_trust_ca_domain("a@evil-digicert.com", domains));
	cr_assert_null(parse_trust_ca_domain("a@digicert.com.evil.jp", domains));
	cr_assert_null(parse_trust_ca_domain("digicert.com", domains));
	cr_assert_null(parse_trust_ca_domain("a@digicert.com", NULL));
	cr_assert_str_eq(parse_trust_ca_name("digicert.com"), "digicert");
	cr_assert_str_eq(parse_trust_ca_name("geotrust.com"), "digicert");
	cr_assert_str_eq(parse_trust_ca_name("comodo.com"), "sectigo");
	cr_assert_str_eq(parse_trust_ca_name("alphassl.com"), "globalsign");
	cr_assert_null(parse_trust_ca_name("example.com"));
	cr_assert_str_eq(parse_trust_claimed_ca("DigiCert"), "DigiCert");
	cr_assert_str_eq(parse_trust_claimed_ca("Digi-Cert Support"), "DigiCert");
	cr_assert_str_eq(parse_trust_claimed_ca("デジサート・ジャパン"), "DigiCert");
	cr_assert_str_eq(parse_trust_claimed_ca("ＧｌｏｂａｌＳｉｇｎ"), "GlobalSign");
	cr_assert_null(parse_trust_claimed_ca("山田 太郎"));
	cr_assert_null(parse_trust_claimed_ca(NULL));
}

Test(parse_trust, url_hosts)
{
	char *h;

	h = parse_trust_url_host("https://www.digicert.com/secure/approve?t=abc");
	cr_assert_str_eq(h, "www.digicert.com");
	g_free(h);
	h = parse_trust_url_host("https://WWW.DigiCert.COM:443/x");
	cr_assert_str_eq(h, "www.digicert.com");
	g_free(h);
	h = parse_trust_url_host("https://digicert.com.evil.example/approve");
	cr_assert_str_eq(h, "digicert.com.evil.example");
	g_free(h);
	/* userinfo: the host is evil.example; refused outright */
	cr_assert_null(parse_trust_url_host("https://www.digicert.com@evil.example/"));
	cr_assert_null(parse_trust_url_host("https://evil.example\\@www.digicert.com/"));
	cr_assert_null(parse_trust_url_host("https://www.digicert.com%2eevil.example/"));
	cr_assert_null(parse_trust_url_host("not a url"));
	cr_assert_null(parse_trust_url_host(NULL));
}

Test(parse_trust, host_tokens)
{
	const char *end = NULL;
	char *h;

	h = parse_trust_host_token("www.example.co.jp, thanks", &end);
	cr_assert_str_eq(h, "www.example.co.jp");
	cr_assert_str_eq(end, ", thanks");
	g_free(h);
	h = parse_trust_host_token("*.example.com.", NULL);
	cr_assert_str_eq(h, "*.example.com");
	g_free(h);
	cr_assert_null(parse_trust_host_token("server.crt", NULL));
	cr_assert_null(parse_trust_host_token("1.2.3", NULL));
	cr_assert_null(parse_trust_host_token("localhost", NULL));
	cr_assert_null(parse_trust_host_token("-x.jp", NULL));
}

Test(parse_trust, url_on_domains)
{
	static const char *const cas[] = { "digicert.com", "sectigo.com", NULL };

	cr_assert(parse_url_on_domains("https://www.digicert.com/approve/x", cas));
	cr_assert(parse_url_on_domains("https://secure.sectigo.com/a?b=c", cas));
	cr_assert_not(parse_url_on_domains("http://www.digicert.com/approve/x", cas), "not https");
	cr_assert_not(parse_url_on_domains("https://digicert.com.evil.example/x", cas));
	cr_assert_not(parse_url_on_domains("https://evil-digicert.com/x", cas));
	cr_assert_not(parse_url_on_domains("https://www.digicert.com@evil.example/x", cas), "userinfo");
	cr_assert_not(parse_url_on_domains(NULL, cas));
	cr_assert_not(parse_url_on_domains("https://www.digicert.com/x", NULL));
}
