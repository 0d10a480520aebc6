/* Which files the install-report ZIP holds for each CA, and their names (SPEC.md's table). */
#include <stdarg.h>
#include <string.h>

#include "workflows.h"

void
wf_bundle_file_free(struct wf_bundle_file *file)
{
	if (!file)
		return;
	g_free(file->name);
	g_free(file);
}

const char *
wf_bundle_content_name(enum wf_bundle_content content)
{
	switch (content) {
	case WF_BUNDLE_LEAF:
		return "certificate";
	case WF_BUNDLE_INTERMEDIATES:
		return "intermediate certificate";
	case WF_BUNDLE_ROOT:
		return "root certificate";
	case WF_BUNDLE_CHAIN:
		return "intermediate and root certificates";
	case WF_BUNDLE_LEAF_PKCS7:
		return "certificate and intermediate certificate (PKCS#7)";
	}
	return "unknown";
}

static void G_GNUC_PRINTF(2, 3)
set_reason(char **reason, const char *fmt, ...)
{
	va_list ap;

	if (!reason)
		return;
	va_start(ap, fmt);
	*reason = g_strdup_vprintf(fmt, ap);
	va_end(ap);
}

/* A host name of LDH labels (letters, digits, '-' inside), at least two of
 * them: nothing of it can climb out of a folder or confuse a shell or an
 * unzip program, whatever the customer or a CA wrote in the common name. */
static bool
host_name_ok(const char *s)
{
	const char *p = s;
	int labels = 0;

	if (strlen(s) > 253)
		return false;
	for (;;) {
		const char *start = p;

		while (g_ascii_isalnum(*p) || *p == '-')
			p++;
		if (p == start || p - start > 63 || *start == '-' || p[-1] == '-')
			return false;
		labels++;
		if (*p == '\0')
			break;
		if (*p != '.')
			return false;
		p++;
	}
	return labels >= 2;
}

char *
wf_bundle_domain(const char *common_name, char **reason)
{
	const char *host;
	char *lower, *domain;

	if (reason)
		*reason = NULL;
	if (!common_name || !*common_name) {
		set_reason(reason, "the order has no common name");
		return NULL;
	}
	host = g_str_has_prefix(common_name, "*.") ? common_name + 2 : common_name;
	if (!host_name_ok(host)) {
		/* Quoted with g_strescape: the name may hold anything. */
		char *shown = g_strescape(common_name, NULL);

		set_reason(reason,
			   "common name \"%s\" is not a host name (letters, digits, '-' and '.',"
			   " with an optional leading \"*.\"), so it cannot name the bundle's files",
			   shown);
		g_free(shown);
		return NULL;
	}
	lower = g_ascii_strdown(host, -1);
	domain = host == common_name ? g_strdup(lower) : g_strconcat("wildcard.", lower, NULL);
	g_free(lower);
	return domain;
}

static void
add_file(GPtrArray *files, char *name, enum wf_bundle_content content)
{
	struct wf_bundle_file *f = g_new0(struct wf_bundle_file, 1);

	f->name = name;
	f->content = content;
	g_ptr_array_add(files, f);
}

GPtrArray *
wf_bundle_layout(const char *ca, const char *common_name, char **reason)
{
	GPtrArray *files = NULL;
	char *domain;

	if (reason)
		*reason = NULL;
	domain = wf_bundle_domain(common_name, reason);
	if (!domain)
		return NULL;
	files = g_ptr_array_new_with_free_func((GDestroyNotify)wf_bundle_file_free);
	if (ca && (g_ascii_strcasecmp(ca, "digicert") == 0 || g_ascii_strcasecmp(ca, "geotrust") == 0)) {
		/* GeoTrust is DigiCert's brand: the same files, the same fixed names. */
		add_file(files, g_strconcat(domain, ".crt", NULL), WF_BUNDLE_LEAF);
		add_file(files, g_strdup("DigiCertCA.ca"), WF_BUNDLE_INTERMEDIATES);
		add_file(files, g_strdup("TrustedRoot.ca"), WF_BUNDLE_ROOT);
	} else if (ca && g_ascii_strcasecmp(ca, "sectigo") == 0) {
		add_file(files, g_strconcat(domain, ".crt", NULL), WF_BUNDLE_LEAF);
		add_file(files, g_strconcat(domain, ".ca-bundle", NULL), WF_BUNDLE_CHAIN);
	} else if (ca && g_ascii_strcasecmp(ca, "globalsign") == 0) {
		add_file(files, g_strconcat(domain, ".crt", NULL), WF_BUNDLE_LEAF);
		add_file(files, g_strconcat(domain, ".ca", NULL), WF_BUNDLE_INTERMEDIATES);
		add_file(files, g_strconcat(domain, ".pem", NULL), WF_BUNDLE_LEAF_PKCS7);
	} else {
		char *shown = g_strescape(ca ? ca : "", NULL);

		set_reason(reason, "CA \"%s\" has no bundle layout (expected digicert, geotrust,"
				   " sectigo or globalsign)", shown);
		g_free(shown);
		g_ptr_array_unref(files);
		files = NULL;
	}
	g_free(domain);
	return files;
}
