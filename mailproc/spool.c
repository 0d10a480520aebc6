/* Whole mails kept for staff outside the database: one append-only file per batch, fsynced before the commit. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "mailproc.h"

struct mp_spool {
	char *dir;
	char *name;     /* the batch's file, made on the first mail */
	int fd;
	int64_t size;   /* bytes written so far */
};

char *
mp_spool_dir(const struct mp_config *config)
{
	char *db_dir = g_path_get_dirname(config->paths.db);
	char *dir = g_build_filename(db_dir, "mail", NULL);

	g_free(db_dir);
	return dir;
}

struct mp_spool *
mp_spool_new(const char *dir, uint32_t uidvalidity, uint32_t first_uid)
{
	static unsigned made; /* this process's spools so far */
	struct mp_spool *spool = g_new0(struct mp_spool, 1);

	spool->dir = g_strdup(dir);
	/* Unique also when a run that stopped before its commit left a file
	 * for the same mails: that one is never read, this one is. */
	spool->name = g_strdup_printf("%u-%u.%" G_GINT64_FORMAT ".%d.%u.eml", uidvalidity, first_uid,
				      g_get_real_time(), (int)getpid(), made++);
	spool->fd = -1;
	return spool;
}

static enum mp_status
spool_fail(struct mp_spool *spool, const char *what, struct mp_error *err)
{
	return mp_error_set(err, MP_STATUS_IO, "%s/%s: %s: %s", spool->dir, spool->name, what, g_strerror(errno));
}

enum mp_status
mp_spool_add(struct mp_spool *spool, GBytes *mail, const char **file, int64_t *offset, struct mp_error *err)
{
	gsize len = 0;
	const char *data = g_bytes_get_data(mail, &len);
	size_t done = 0;

	if (spool->fd < 0) {
		char *path;

		if (g_mkdir_with_parents(spool->dir, 0700) != 0)
			return mp_error_set(err, MP_STATUS_IO, "%s: %s", spool->dir, g_strerror(errno));
		path = g_build_filename(spool->dir, spool->name, NULL);
		spool->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		g_free(path);
		if (spool->fd < 0)
			return spool_fail(spool, "cannot be made", err);
	}
	while (done < len) {
		ssize_t n = write(spool->fd, data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return spool_fail(spool, "cannot be written", err);
		done += (size_t)n;
	}
	*file = spool->name;
	*offset = spool->size;
	spool->size += (int64_t)len;
	return MP_STATUS_OK;
}

enum mp_status
mp_spool_sync(struct mp_spool *spool, struct mp_error *err)
{
	int dir_fd;
	bool ok;

	if (spool->fd < 0)
		return MP_STATUS_OK;
	if (fsync(spool->fd) != 0)
		return spool_fail(spool, "fsync", err);
	/* The file's name must last too, before the database points at it. */
	dir_fd = open(spool->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ok = dir_fd >= 0 && fsync(dir_fd) == 0;
	if (dir_fd >= 0)
		close(dir_fd);
	if (!ok)
		return mp_error_set(err, MP_STATUS_IO, "%s: fsync: %s", spool->dir, g_strerror(errno));
	mp_durable_step("spool");
	return MP_STATUS_OK;
}

void
mp_spool_discard(struct mp_spool *spool)
{
	char *path;

	if (!spool || spool->fd < 0)
		return;
	close(spool->fd);
	spool->fd = -1;
	path = g_build_filename(spool->dir, spool->name, NULL);
	if (unlink(path) != 0 && errno != ENOENT)
		g_warning("spool: %s cannot be removed: %s", path, g_strerror(errno));
	g_free(path);
}

void
mp_spool_free(struct mp_spool *spool)
{
	if (!spool)
		return;
	if (spool->fd >= 0)
		close(spool->fd);
	g_free(spool->dir);
	g_free(spool->name);
	g_free(spool);
}

enum mp_status
mp_spool_read(const char *dir, const char *file, int64_t offset, int64_t size, GBytes **out,
	      struct mp_error *err)
{
	char *path;
	GMappedFile *mapped;
	GError *error = NULL;
	enum mp_status status = MP_STATUS_OK;

	*out = NULL;
	/* The name comes from the database: a plain file name, nothing else. */
	if (!file || !*file || strchr(file, '/') || file[0] == '.' || offset < 0 || size < 0)
		return mp_error_set(err, MP_STATUS_BAD_INPUT, "kept mail \"%s\": not a spool file name",
				    file ? file : "");
	path = g_build_filename(dir, file, NULL);
	mapped = g_mapped_file_new(path, FALSE, &error);
	if (!mapped) {
		status = mp_error_set(err, MP_STATUS_NOT_FOUND, "kept mail: %s", error->message);
		g_error_free(error);
	} else if ((uint64_t)offset + (uint64_t)size > g_mapped_file_get_length(mapped)) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT, "kept mail: %s is shorter than the database says",
				      path);
	} else if (size == 0) {
		*out = g_bytes_new(NULL, 0);
	} else {
		*out = g_bytes_new(g_mapped_file_get_contents(mapped) + offset, (gsize)size);
	}
	if (mapped)
		g_mapped_file_unref(mapped);
	g_free(path);
	return status;
}
