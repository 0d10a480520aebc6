/* Unit tests of spool.c: mails kept for staff, one file per batch, read back by offset. */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "mailproc.h"

static char *tmpdir;

static void
setup(void)
{
	tmpdir = g_dir_make_tmp("mailproc-spool-XXXXXX", NULL);
	cr_assert_not_null(tmpdir);
}

static void
teardown(void)
{
	char *cmd = g_strdup_printf("rm -rf '%s'", tmpdir);

	cr_expect_eq(system(cmd), 0);
	g_free(cmd);
	g_free(tmpdir);
}

TestSuite(mp_spool, .init = setup, .fini = teardown);

static GBytes *
text(const char *s)
{
	return g_bytes_new(s, strlen(s));
}

static void
expect_read(const char *dir, const char *file, int64_t offset, int64_t size, const char *want)
{
	struct mp_error err = { "" };
	GBytes *got = NULL;

	cr_assert_eq(mp_spool_read(dir, file, offset, size, &got, &err), MP_STATUS_OK, "%s", err.text);
	cr_expect_eq(g_bytes_get_size(got), strlen(want));
	if (*want)
		cr_expect(memcmp(g_bytes_get_data(got, NULL), want, strlen(want)) == 0);
	g_bytes_unref(got);
}

Test(mp_spool, mails_appended_and_read_back)
{
	static const char first[] = "Subject: one\r\n\r\nfirst mail\r\n";
	static const char second[] = "Subject: two\r\n\r\nsecond\r\n";
	struct mp_error err = { "" };
	char *dir = g_build_filename(tmpdir, "var", "mail", NULL);
	struct mp_spool *spool = mp_spool_new(dir, 7, 100);
	GBytes *a = text(first), *b = text(second);
	const char *file_a = NULL, *file_b = NULL;
	int64_t off_a = -1, off_b = -1;
	char *name, *path;
	struct stat st;

	cr_assert_eq(mp_spool_add(spool, a, &file_a, &off_a, &err), MP_STATUS_OK, "%s", err.text);
	cr_assert_eq(mp_spool_add(spool, b, &file_b, &off_b, &err), MP_STATUS_OK, "%s", err.text);
	cr_expect_str_eq(file_a, file_b, "one file per batch");
	cr_expect(g_str_has_prefix(file_a, "7-100."), "%s", file_a);
	cr_expect_eq(off_a, 0);
	cr_expect_eq(off_b, (int64_t)strlen(first));
	cr_assert_eq(mp_spool_sync(spool, &err), MP_STATUS_OK, "%s", err.text);
	name = g_strdup(file_a);
	mp_spool_free(spool);

	path = g_build_filename(dir, name, NULL);
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0600);
	cr_expect_eq(st.st_size, (off_t)(strlen(first) + strlen(second)));
	expect_read(dir, name, off_a, (int64_t)strlen(first), first);
	expect_read(dir, name, off_b, (int64_t)strlen(second), second);
	expect_read(dir, name, off_b, 0, "");

	/* What the database says is checked, not trusted. */
	{
		GBytes *got = NULL;

		cr_expect_eq(mp_spool_read(dir, name, off_b, 1000, &got, &err), MP_STATUS_BAD_INPUT);
		cr_expect_null(got);
		cr_expect_eq(mp_spool_read(dir, "../../etc/passwd", 0, 10, &got, &err), MP_STATUS_BAD_INPUT);
		cr_expect_eq(mp_spool_read(dir, "", 0, 10, &got, &err), MP_STATUS_BAD_INPUT);
		cr_expect_eq(mp_spool_read(dir, name, -1, 10, &got, &err), MP_STATUS_BAD_INPUT);
		cr_expect_eq(mp_spool_read(dir, "7-1.0.0.eml", 0, 1, &got, &err), MP_STATUS_NOT_FOUND);
		cr_expect(strstr(err.text, "kept mail") != NULL, "%s", err.text);
	}
	g_bytes_unref(a);
	g_bytes_unref(b);
	g_free(path);
	g_free(name);
	g_free(dir);
}

Test(mp_spool, nothing_added_makes_no_file)
{
	struct mp_error err = { "" };
	char *dir = g_build_filename(tmpdir, "mail", NULL);
	struct mp_spool *spool = mp_spool_new(dir, 7, 100);

	cr_expect_eq(mp_spool_sync(spool, &err), MP_STATUS_OK, "%s", err.text);
	mp_spool_free(spool);
	cr_expect(!g_file_test(dir, G_FILE_TEST_EXISTS));
	mp_spool_free(NULL);
	g_free(dir);
}

Test(mp_spool, discarded_batch_leaves_no_file)
{
	struct mp_error err = { "" };
	struct mp_spool *spool = mp_spool_new(tmpdir, 7, 100);
	GBytes *m = text("Subject: x\r\n\r\nx\r\n");
	const char *file = NULL;
	int64_t offset;
	char *path;

	cr_assert_eq(mp_spool_add(spool, m, &file, &offset, &err), MP_STATUS_OK, "%s", err.text);
	path = g_build_filename(tmpdir, file, NULL);
	cr_assert(g_file_test(path, G_FILE_TEST_EXISTS));
	mp_spool_discard(spool);
	cr_expect(!g_file_test(path, G_FILE_TEST_EXISTS));
	mp_spool_discard(spool);
	mp_spool_discard(NULL);
	mp_spool_free(spool);
	g_free(path);
	g_bytes_unref(m);
}

Test(mp_spool, two_batches_never_share_a_file)
{
	struct mp_error err = { "" };
	struct mp_spool *one = mp_spool_new(tmpdir, 7, 100), *two = mp_spool_new(tmpdir, 7, 100);
	GBytes *m = text("Subject: x\r\n\r\nx\r\n");
	const char *f1 = NULL, *f2 = NULL;
	int64_t o1, o2;

	cr_assert_eq(mp_spool_add(one, m, &f1, &o1, &err), MP_STATUS_OK, "%s", err.text);
	cr_assert_eq(mp_spool_add(two, m, &f2, &o2, &err), MP_STATUS_OK, "%s", err.text);
	cr_expect_str_neq(f1, f2);
	cr_expect_eq(o2, 0);
	mp_spool_free(one);
	mp_spool_free(two);
	g_bytes_unref(m);
}
