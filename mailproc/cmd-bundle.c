/* `mailproc bundle ORDER [-o FILE.zip]`: write the order's install-report ZIP again. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "mailproc.h"

static enum mp_status
write_all(int fd, const guint8 *p, gsize len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return MP_STATUS_IO;
		p += n;
		len -= (gsize)n;
	}
	return MP_STATUS_OK;
}

/* Write zip to path through a temporary file next to it, so that nobody
 * ever sees half a ZIP. With overwrite false an existing path is left as it
 * is: link() puts the file in place only when the name is free. */
static enum mp_status
write_zip(const char *path, GBytes *zip, bool overwrite, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	char *dir = g_path_get_dirname(path);
	char *base = g_path_get_basename(path);
	char *tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(zip, &len);
	bool tmp_made = false;
	int fd, e;

	/* 0666 before the umask, as for any file a command creates. */
	fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0666);
	if (fd < 0) {
		e = errno;
		status = mp_error_set(err, MP_STATUS_IO, "cannot write in %s: %s", dir, g_strerror(e));
		goto out;
	}
	tmp_made = true;
	if (write_all(fd, data, len) != MP_STATUS_OK || fsync(fd) != 0) {
		e = errno;
		close(fd);
		status = mp_error_set(err, MP_STATUS_IO, "cannot write %s: %s", tmp, g_strerror(e));
		goto out;
	}
	if (close(fd) != 0) {
		e = errno;
		status = mp_error_set(err, MP_STATUS_IO, "cannot write %s: %s", tmp, g_strerror(e));
		goto out;
	}
	if (overwrite) {
		if (rename(tmp, path) != 0) {
			e = errno;
			status = mp_error_set(err, MP_STATUS_IO, "cannot write %s: %s", path, g_strerror(e));
			goto out;
		}
		tmp_made = false;
		goto out;
	}
	if (link(tmp, path) == 0)
		goto out;
	e = errno;
	if (e == EEXIST) {
		status = mp_error_set(err, MP_STATUS_IO,
				      "%s already exists, left as it is (to replace it, name it: -o %s)",
				      path, path);
		goto out;
	}
	/* A file system without hard links: check, then rename. The window
	 * between the two only matters to two staff writing one bundle at once. */
	if (g_file_test(path, G_FILE_TEST_EXISTS)) {
		status = mp_error_set(err, MP_STATUS_IO,
				      "%s already exists, left as it is (to replace it, name it: -o %s)",
				      path, path);
	} else if (rename(tmp, path) != 0) {
		e = errno;
		status = mp_error_set(err, MP_STATUS_IO, "cannot write %s: %s", path, g_strerror(e));
	} else {
		tmp_made = false;
	}
out:
	if (tmp_made)
		g_unlink(tmp);
	g_free(tmp);
	g_free(base);
	g_free(dir);
	return status;
}

int
mp_cmd_bundle(int argc, char **argv)
{
	struct mp_cli cli = { .name = "bundle" };
	struct mp_error err = { "" }, roots_err = { "" };
	enum mp_status status;
	struct mp_order *o = NULL;
	GPtrArray *files = NULL;
	GBytes *zip = NULL;
	char *output = NULL, *path = NULL, *pem = NULL, *roots = NULL, *domain = NULL, *reason = NULL;
	size_t roots_len = 0;
	GOptionEntry entries[] = {
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
		  "Write the ZIP here, replacing a file of that name (default: DOMAIN.zip in the"
		  " current folder, never replaced)", "FILE.zip" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	int code;

	code = mp_cli_parse(&cli, "ORDER",
			    "Write the order's install-report ZIP again: the files the install report\n"
			    "mailed with the issued certificate, as the CA's layout names them\n"
			    "(DigiCert/GeoTrust: DOMAIN.crt, DigiCertCA.ca, TrustedRoot.ca; Sectigo:\n"
			    "DOMAIN.crt, DOMAIN.ca-bundle; GlobalSign: DOMAIN.crt, DOMAIN.ca, DOMAIN.pem),\n"
			    "DOMAIN being the common name with \"*.\" written as \"wildcard.\".\n"
			    "Customers ask for it again when they move to another server. The\n"
			    "private key is never in it. A root the CA did not send is taken from\n"
			    "[trust] roots.",
			    entries, false, &argc, &argv);
	if (code >= 0)
		goto out;
	if (argc != 2) {
		code = mp_cli_fail(&cli, MP_STATUS_USAGE, "expected one order id, e.g. ORD-2026-0012");
		goto out;
	}
	code = mp_cli_open(&cli, false);
	if (code)
		goto out;
	status = mp_store_order_get(cli.store, argv[1], &o, &err);
	if (status == MP_STATUS_OK) {
		status = mp_store_issued_pem(cli.store, o->id, &pem, &err);
		if (status == MP_STATUS_NOT_FOUND)
			mp_error_set(&err, status, "%s has no issued certificate yet", o->id);
	}
	if (status != MP_STATUS_OK) {
		code = mp_cli_fail(&cli, status, err.text);
		goto out;
	}
	/* The roots are needed only when the CA left its root out: a broken
	 * [trust] roots is reported then, not before. */
	if (mp_read_file(cli.config->trust.roots, &roots, &roots_len, &roots_err) != MP_STATUS_OK) {
		g_free(roots);
		roots = NULL;
		roots_len = 0;
	}
	status = mp_bundle_build(o, pem, roots, roots_len, &zip, &err);
	if (status == MP_STATUS_NOT_FOUND && !roots && roots_err.text[0]) {
		g_strlcat(err.text, " ([trust] roots: ", sizeof err.text);
		g_strlcat(err.text, roots_err.text, sizeof err.text);
		g_strlcat(err.text, ")", sizeof err.text);
	}
	if (status != MP_STATUS_OK) {
		code = mp_cli_fail(&cli, status, err.text);
		goto out;
	}
	/* mp_bundle_build took the same layout, so neither can fail here. */
	files = wf_bundle_layout(o->ca, o->domain, &reason);
	domain = wf_bundle_domain(o->domain, NULL);
	g_assert(files && domain);
	path = output ? g_strdup(output) : g_strconcat(domain, ".zip", NULL);
	status = write_zip(path, zip, output != NULL, &err);
	if (status != MP_STATUS_OK) {
		code = mp_cli_fail(&cli, status, err.text);
		goto out;
	}
	g_message("order=%s bundle=%s files=%u bytes=%zu", o->id, path, files->len,
		  g_bytes_get_size(zip));
	printf("wrote %s (%s, %s)\n", path, o->id, o->ca);
	for (guint i = 0; i < files->len; i++) {
		const struct wf_bundle_file *f = g_ptr_array_index(files, i);

		printf("  %-40s %s\n", f->name, wf_bundle_content_name(f->content));
	}
out:
	if (files)
		g_ptr_array_unref(files);
	if (zip)
		g_bytes_unref(zip);
	mp_order_free(o);
	g_free(output);
	g_free(path);
	g_free(pem);
	g_free(roots);
	g_free(domain);
	g_free(reason);
	mp_cli_close(&cli);
	return code;
}
