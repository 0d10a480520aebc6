/* Unit tests of wf_bundle_*: the install-report ZIP's file names and contents per CA. */
#include <string.h>

#include <criterion/criterion.h>

#include "workflows.h"

struct want {
	const char *name;
	enum wf_bundle_content content;
};

/* layout for ca and cn must be exactly want (n files, in that order). */
static void
check_layout(const char *ca, const char *cn, const struct want *want, guint n)
{
	char *reason = NULL;
	GPtrArray *files = wf_bundle_layout(ca, cn, &reason);

	cr_assert_not_null(files, "%s %s refused: %s", ca, cn, reason ? reason : "(no reason)");
	cr_assert_null(reason);
	cr_assert_eq(files->len, n, "%s: %u files, expected %u", ca, files->len, n);
	for (guint i = 0; i < n; i++) {
		const struct wf_bundle_file *f = g_ptr_array_index(files, i);

		cr_assert_str_eq(f->name, want[i].name, "%s file %u", ca, i);
		cr_assert_eq(f->content, want[i].content, "%s file %u (%s) content", ca, i, f->name);
	}
	g_ptr_array_unref(files);
}

static void
check_refused(const char *ca, const char *cn, const char *reason_has)
{
	char *reason = NULL;
	GPtrArray *files = wf_bundle_layout(ca, cn, &reason);

	cr_assert_null(files, "%s / %s should be refused", ca ? ca : "(null)", cn ? cn : "(null)");
	cr_assert_not_null(reason);
	cr_assert(strstr(reason, reason_has), "reason '%s' lacks '%s'", reason, reason_has);
	g_free(reason);
}

Test(wf_bundle, digicert)
{
	static const struct want want[] = {
		{ "www.example.co.jp.crt", WF_BUNDLE_LEAF },
		{ "DigiCertCA.ca", WF_BUNDLE_INTERMEDIATES },
		{ "TrustedRoot.ca", WF_BUNDLE_ROOT },
	};

	check_layout("digicert", "www.example.co.jp", want, G_N_ELEMENTS(want));
}

Test(wf_bundle, geotrust_same_as_digicert)
{
	static const struct want want[] = {
		{ "shop.example.jp.crt", WF_BUNDLE_LEAF },
		{ "DigiCertCA.ca", WF_BUNDLE_INTERMEDIATES },
		{ "TrustedRoot.ca", WF_BUNDLE_ROOT },
	};

	check_layout("geotrust", "shop.example.jp", want, G_N_ELEMENTS(want));
	/* The CA's name as the order may spell it. */
	check_layout("GeoTrust", "shop.example.jp", want, G_N_ELEMENTS(want));
}

Test(wf_bundle, sectigo)
{
	static const struct want want[] = {
		{ "shop.minato-kobo.example.jp.crt", WF_BUNDLE_LEAF },
		{ "shop.minato-kobo.example.jp.ca-bundle", WF_BUNDLE_CHAIN },
	};

	check_layout("sectigo", "shop.minato-kobo.example.jp", want, G_N_ELEMENTS(want));
}

Test(wf_bundle, globalsign_wildcard)
{
	static const struct want want[] = {
		{ "wildcard.hikari-net.example.jp.crt", WF_BUNDLE_LEAF },
		{ "wildcard.hikari-net.example.jp.ca", WF_BUNDLE_INTERMEDIATES },
		{ "wildcard.hikari-net.example.jp.pem", WF_BUNDLE_LEAF_PKCS7 },
	};

	check_layout("globalsign", "*.hikari-net.example.jp", want, G_N_ELEMENTS(want));
}

Test(wf_bundle, wildcard_in_every_layout)
{
	static const struct want digicert[] = {
		{ "wildcard.example.jp.crt", WF_BUNDLE_LEAF },
		{ "DigiCertCA.ca", WF_BUNDLE_INTERMEDIATES },
		{ "TrustedRoot.ca", WF_BUNDLE_ROOT },
	};
	static const struct want sectigo[] = {
		{ "wildcard.example.jp.crt", WF_BUNDLE_LEAF },
		{ "wildcard.example.jp.ca-bundle", WF_BUNDLE_CHAIN },
	};

	check_layout("digicert", "*.example.jp", digicert, G_N_ELEMENTS(digicert));
	check_layout("sectigo", "*.example.jp", sectigo, G_N_ELEMENTS(sectigo));
}

Test(wf_bundle, domain_names)
{
	char *d;

	d = wf_bundle_domain("*.hikari-net.example.jp", NULL);
	cr_assert_str_eq(d, "wildcard.hikari-net.example.jp");
	g_free(d);
	d = wf_bundle_domain("www.sakura-shoji.example.jp", NULL);
	cr_assert_str_eq(d, "www.sakura-shoji.example.jp");
	g_free(d);
	/* Lower case, as the CA writes the file names. */
	d = wf_bundle_domain("WWW.Example.JP", NULL);
	cr_assert_str_eq(d, "www.example.jp");
	g_free(d);
	/* An IDN is in its ASCII form. */
	d = wf_bundle_domain("xn--eckwd4c7c.xn--zckzah.jp", NULL);
	cr_assert_str_eq(d, "xn--eckwd4c7c.xn--zckzah.jp");
	g_free(d);
}

Test(wf_bundle, unsafe_common_names_refused)
{
	static const char *const bad[] = {
		"../etc/passwd",
		"www.example.jp/../../x",
		"www/example.jp",
		"www\\example.jp",
		"www.example.jp\n.crt",
		"www example.jp",
		"www.example.jp.",
		".example.jp",
		"www..example.jp",
		"-rf.example.jp",
		"www-.example.jp",
		"*.*.example.jp",
		"www.*.example.jp",
		"*example.jp",
		"*.",
		"*",
		"localhost",
		"例え.jp",
		"www.example.jp:443",
		"",
	};
	char *reason = NULL;

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		char *d = wf_bundle_domain(bad[i], &reason);

		cr_assert_null(d, "'%s' taken as %s", bad[i], d);
		cr_assert_not_null(reason, "'%s' refused without a reason", bad[i]);
		g_free(reason);
		reason = NULL;
		check_refused("digicert", bad[i], "");
	}
	check_refused("globalsign", "www/x.example.jp", "not a host name");
	check_refused("sectigo", NULL, "no common name");
	/* A label of 64 characters is not a host name. */
	{
		char *label = g_strnfill(64, 'a');
		char *cn = g_strconcat(label, ".example.jp", NULL);

		check_refused("sectigo", cn, "not a host name");
		g_free(cn);
		g_free(label);
	}
}

Test(wf_bundle, unknown_ca_refused)
{
	check_refused("letsencrypt", "www.example.jp", "letsencrypt");
	check_refused("", "www.example.jp", "no bundle layout");
	check_refused(NULL, "www.example.jp", "no bundle layout");
	/* No reason wanted: still refused, nothing leaks. */
	cr_assert_null(wf_bundle_layout("comodo-ish", "www.example.jp", NULL));
	cr_assert_null(wf_bundle_domain("a/b.jp", NULL));
}

Test(wf_bundle, content_names)
{
	cr_assert_str_eq(wf_bundle_content_name(WF_BUNDLE_LEAF), "certificate");
	cr_assert_str_eq(wf_bundle_content_name(WF_BUNDLE_ROOT), "root certificate");
	cr_assert(strstr(wf_bundle_content_name(WF_BUNDLE_LEAF_PKCS7), "PKCS#7"));
	cr_assert_not_null(wf_bundle_content_name(WF_BUNDLE_INTERMEDIATES));
	cr_assert_not_null(wf_bundle_content_name(WF_BUNDLE_CHAIN));
	wf_bundle_file_free(NULL);
}
