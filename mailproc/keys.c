/* An order's key and CSR: making them with OpenSSL, writing them atomically, prefectures. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "mailproc.h"

/* Upper bounds of X.520 (RFC 5280 appendix A), so that a value too long is
 * refused with its name rather than with OpenSSL's "string too long". */
#define UB_COUNTRY 2
#define UB_STATE 128
#define UB_LOCALITY 128
#define UB_ORG 64
#define UB_CN 64
#define DNS_NAME_MAX 253
#define DNS_LABEL_MAX 63

/* How many "PATH.old.N" names are tried before giving up. */
#define OLD_NAMES_MAX 100

/* ---- prefectures ------------------------------------------------------------ */

static const struct prefecture {
	const char *ja;
	const char *en;
} prefectures[] = {
	{ "北海道", "Hokkaido" },   { "青森県", "Aomori" },     { "岩手県", "Iwate" },
	{ "宮城県", "Miyagi" },     { "秋田県", "Akita" },      { "山形県", "Yamagata" },
	{ "福島県", "Fukushima" },  { "茨城県", "Ibaraki" },    { "栃木県", "Tochigi" },
	{ "群馬県", "Gunma" },      { "埼玉県", "Saitama" },    { "千葉県", "Chiba" },
	{ "東京都", "Tokyo" },      { "神奈川県", "Kanagawa" }, { "新潟県", "Niigata" },
	{ "富山県", "Toyama" },     { "石川県", "Ishikawa" },   { "福井県", "Fukui" },
	{ "山梨県", "Yamanashi" },  { "長野県", "Nagano" },     { "岐阜県", "Gifu" },
	{ "静岡県", "Shizuoka" },   { "愛知県", "Aichi" },      { "三重県", "Mie" },
	{ "滋賀県", "Shiga" },      { "京都府", "Kyoto" },      { "大阪府", "Osaka" },
	{ "兵庫県", "Hyogo" },      { "奈良県", "Nara" },       { "和歌山県", "Wakayama" },
	{ "鳥取県", "Tottori" },    { "島根県", "Shimane" },    { "岡山県", "Okayama" },
	{ "広島県", "Hiroshima" },  { "山口県", "Yamaguchi" },  { "徳島県", "Tokushima" },
	{ "香川県", "Kagawa" },     { "愛媛県", "Ehime" },      { "高知県", "Kochi" },
	{ "福岡県", "Fukuoka" },    { "佐賀県", "Saga" },       { "長崎県", "Nagasaki" },
	{ "熊本県", "Kumamoto" },   { "大分県", "Oita" },       { "宮崎県", "Miyazaki" },
	{ "鹿児島県", "Kagoshima" }, { "沖縄県", "Okinawa" },
};

bool
mp_keys_prefecture(size_t index, const char **ja, const char **en)
{
	if (index >= G_N_ELEMENTS(prefectures))
		return false;
	if (ja)
		*ja = prefectures[index].ja;
	if (en)
		*en = prefectures[index].en;
	return true;
}

static const char *
skip_spaces(const char *p)
{
	while (*p && g_unichar_isspace(g_utf8_get_char(p)))
		p = g_utf8_next_char(p);
	return p;
}

/* Digits and hyphens of a postal code, half- or full-width. */
static bool
is_postal_char(gunichar c)
{
	return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19) || c == '-' || c == 0xFF0D ||
	       c == 0x2010 || c == 0x2212 || c == 0x30FC;
}

const char *
mp_keys_prefecture_en(const char *address_ja)
{
	const char *p, *q;
	bool mark = false;

	if (!address_ja || !g_utf8_validate(address_ja, -1, NULL))
		return NULL;
	p = skip_spaces(address_ja);
	/* "〒100-0005 東京都..." or "100-0005 東京都...": the postal code goes first. */
	if (g_str_has_prefix(p, "〒")) {
		p = skip_spaces(p + strlen("〒"));
		mark = true;
	}
	q = p;
	while (*q && is_postal_char(g_utf8_get_char(q)))
		q = g_utf8_next_char(q);
	if (q != p && (mark || (*q && g_unichar_isspace(g_utf8_get_char(q)))))
		p = skip_spaces(q);
	for (size_t i = 0; i < G_N_ELEMENTS(prefectures); i++)
		if (g_str_has_prefix(p, prefectures[i].ja))
			return prefectures[i].en;
	return NULL;
}

/* ---- checking what goes into the CSR ------------------------------------------ */

enum mp_status
mp_keys_check_text(const char *what, const char *value, size_t max, struct mp_error *err)
{
	size_t len;

	if (!value || !*value)
		return mp_error_set(err, MP_STATUS_BAD_INPUT, "%s is empty", what);
	len = strlen(value);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)value[i];

		if (c < 0x20 || c > 0x7e)
			return mp_error_set(err, MP_STATUS_BAD_INPUT,
					    "%s '%s' has characters outside printable ASCII; a CA wants it"
					    " in English, as in the organization's registration",
					    what, value);
	}
	if (value[0] == ' ' || value[len - 1] == ' ')
		return mp_error_set(err, MP_STATUS_BAD_INPUT,
				    "%s '%s' begins or ends with a space", what, value);
	if (len > max)
		return mp_error_set(err, MP_STATUS_BAD_INPUT,
				    "%s '%s' is longer than the %zu characters a certificate allows",
				    what, value, max);
	return MP_STATUS_OK;
}

/* A host name as a certificate carries it: LDH labels, a "*" first label. */
static bool
dns_name_ok(const char *name)
{
	size_t len = strlen(name), label = 0;
	const char *start = name;

	if (len == 0 || len > DNS_NAME_MAX || !strchr(name, '.'))
		return false;
	if (g_str_has_prefix(name, "*."))
		start = name + 2;
	for (const char *p = start;; p++) {
		if (*p == '.' || *p == '\0') {
			if (label == 0 || label > DNS_LABEL_MAX || p[-1] == '-')
				return false;
			if (*p == '\0')
				return true;
			label = 0;
			continue;
		}
		if (!g_ascii_isalnum(*p) && !(*p == '-' && label > 0))
			return false;
		label++;
	}
}

/* The subjectAltName names: cn first, then the others, lower case, each once. */
static enum mp_status
collect_names(const struct mp_csr_request *req, GPtrArray **out, struct mp_error *err)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	enum mp_status status = MP_STATUS_OK;
	const char *one[] = { req->cn, NULL };

	for (int pass = 0; pass < 2; pass++) {
		const char *const *list = pass == 0 ? one : req->names;

		for (; list && *list; list++) {
			char *name = g_ascii_strdown(*list, -1);
			bool seen = false;

			if (!dns_name_ok(name)) {
				status = mp_error_set(err, MP_STATUS_BAD_INPUT,
						      "'%s' is not a DNS name a certificate can carry (an"
						      " internationalized name goes in its xn-- form)", *list);
				g_free(name);
				goto out;
			}
			for (guint i = 0; i < names->len && !seen; i++)
				seen = strcmp(g_ptr_array_index(names, i), name) == 0;
			if (seen)
				g_free(name);
			else
				g_ptr_array_add(names, name);
		}
	}
out:
	if (status == MP_STATUS_OK)
		*out = names;
	else
		g_ptr_array_unref(names);
	return status;
}

static enum mp_status
check_request(const struct mp_csr_request *req, GPtrArray **names, struct mp_error *err)
{
	enum mp_status status;

	if (req->type == MP_KEY_RSA && req->bits != 2048 && req->bits != 3072)
		return mp_error_set(err, MP_STATUS_BAD_INPUT, "RSA keys are 2048 or 3072 bits, not %d",
				    req->bits);
	if (req->type != MP_KEY_RSA && req->type != MP_KEY_EC_P256)
		return mp_error_set(err, MP_STATUS_BAD_INPUT, "unknown key type %d", (int)req->type);
	if (!req->country || strlen(req->country) != UB_COUNTRY || !g_ascii_isupper(req->country[0]) ||
	    !g_ascii_isupper(req->country[1]))
		return mp_error_set(err, MP_STATUS_BAD_INPUT, "C '%s' is not a two-letter country code",
				    req->country ? req->country : "");
	if ((status = mp_keys_check_text("ST", req->state, UB_STATE, err)) != MP_STATUS_OK ||
	    (status = mp_keys_check_text("L", req->locality, UB_LOCALITY, err)) != MP_STATUS_OK ||
	    (status = mp_keys_check_text("O", req->org, UB_ORG, err)) != MP_STATUS_OK)
		return status;
	if (!req->cn || !*req->cn)
		return mp_error_set(err, MP_STATUS_BAD_INPUT, "CN is empty");
	if (strlen(req->cn) > UB_CN)
		return mp_error_set(err, MP_STATUS_BAD_INPUT,
				    "CN '%s' is longer than the %d characters a certificate allows",
				    req->cn, UB_CN);
	return collect_names(req, names, err);
}

/* ---- OpenSSL ---------------------------------------------------------------- */

/* OpenSSL's first queued error as detail text; the queue is emptied. */
static enum mp_status
crypto_error(struct mp_error *err, const char *what)
{
	char reason[256] = "unknown error";
	unsigned long e = ERR_peek_error();

	if (e)
		ERR_error_string_n(e, reason, sizeof reason);
	ERR_clear_error();
	return mp_error_set(err, MP_STATUS_CRYPTO, "%s: %s", what, reason);
}

/* Everything written to a memory BIO, as a NUL-terminated g_malloc string. */
static char *
bio_text(BIO *bio)
{
	char *data = NULL;
	long len = BIO_get_mem_data(bio, &data);

	return len > 0 ? g_strndup(data, (gsize)len) : NULL;
}

static enum mp_status
add_subject(X509_REQ *x, const struct mp_csr_request *req, struct mp_error *err)
{
	X509_NAME *name = X509_REQ_get_subject_name(x);
	const struct {
		const char *field;
		const char *value;
	} rdn[] = {
		{ "C", req->country },  { "ST", req->state }, { "L", req->locality },
		{ "O", req->org },      { "CN", req->cn },
	};
	char *cn = g_ascii_strdown(req->cn, -1);
	enum mp_status status = MP_STATUS_OK;

	for (size_t i = 0; i < G_N_ELEMENTS(rdn); i++) {
		const char *value = strcmp(rdn[i].field, "CN") == 0 ? cn : rdn[i].value;

		if (!X509_NAME_add_entry_by_txt(name, rdn[i].field, MBSTRING_ASC,
						(const unsigned char *)value, -1, -1, 0)) {
			char what[64];

			g_snprintf(what, sizeof what, "subject %s", rdn[i].field);
			status = crypto_error(err, what);
			break;
		}
	}
	g_free(cn);
	return status;
}

/* subjectAltName built from GENERAL_NAMEs, not from a "DNS:a,DNS:b" string,
 * so nothing in a name is ever read as syntax. */
static enum mp_status
add_names(X509_REQ *x, GPtrArray *names, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	GENERAL_NAMES *gens = sk_GENERAL_NAME_new_null();
	STACK_OF(X509_EXTENSION) *exts = NULL;

	if (!gens) {
		status = crypto_error(err, "subjectAltName");
		goto out;
	}
	for (guint i = 0; i < names->len; i++) {
		const char *n = g_ptr_array_index(names, i);
		ASN1_IA5STRING *ia5 = ASN1_IA5STRING_new();
		GENERAL_NAME *gn = GENERAL_NAME_new();

		if (!ia5 || !gn || !ASN1_STRING_set(ia5, n, -1)) {
			ASN1_IA5STRING_free(ia5);
			GENERAL_NAME_free(gn);
			status = crypto_error(err, "subjectAltName");
			goto out;
		}
		GENERAL_NAME_set0_value(gn, GEN_DNS, ia5);
		if (!sk_GENERAL_NAME_push(gens, gn)) {
			GENERAL_NAME_free(gn);
			status = crypto_error(err, "subjectAltName");
			goto out;
		}
	}
	if (X509V3_add1_i2d(&exts, NID_subject_alt_name, gens, 0, X509V3_ADD_DEFAULT) != 1 ||
	    !X509_REQ_add_extensions(x, exts))
		status = crypto_error(err, "subjectAltName");
out:
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
	GENERAL_NAMES_free(gens);
	return status;
}

enum mp_status
mp_keys_make_csr(const struct mp_csr_request *req, char **key_pem, char **csr_pem,
		 struct mp_error *err)
{
	enum mp_status status;
	GPtrArray *names = NULL;
	EVP_PKEY *pkey = NULL;
	X509_REQ *x = NULL;
	BIO *key_bio = NULL, *csr_bio = NULL;

	*key_pem = NULL;
	*csr_pem = NULL;
	ERR_clear_error();
	status = check_request(req, &names, err);
	if (status != MP_STATUS_OK)
		goto out;
	g_assert(names != NULL);

	if (req->type == MP_KEY_RSA)
		pkey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)req->bits);
	else
		pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	if (!pkey) {
		status = crypto_error(err, "generating the key");
		goto out;
	}

	x = X509_REQ_new();
	if (!x || !X509_REQ_set_version(x, X509_REQ_VERSION_1)) {
		status = crypto_error(err, "making the CSR");
		goto out;
	}
	status = add_subject(x, req, err);
	if (status == MP_STATUS_OK)
		status = add_names(x, names, err);
	if (status != MP_STATUS_OK)
		goto out;
	if (!X509_REQ_set_pubkey(x, pkey)) {
		status = crypto_error(err, "putting the public key in the CSR");
		goto out;
	}
	if (X509_REQ_sign(x, pkey, EVP_sha256()) <= 0) {
		status = crypto_error(err, "signing the CSR");
		goto out;
	}

	csr_bio = BIO_new(BIO_s_mem());
	if (!csr_bio || !PEM_write_bio_X509_REQ(csr_bio, x) || !(*csr_pem = bio_text(csr_bio))) {
		status = crypto_error(err, "writing the CSR as PEM");
		goto out;
	}
	/* A secure-heap BIO where one is set up; either way OpenSSL wipes the
	 * buffer when the BIO is freed. */
	key_bio = BIO_new(BIO_s_secmem());
	if (!key_bio || !PEM_write_bio_PKCS8PrivateKey(key_bio, pkey, NULL, NULL, 0, NULL, NULL) ||
	    !(*key_pem = bio_text(key_bio))) {
		status = crypto_error(err, "writing the key as PEM");
		goto out;
	}
out:
	if (status != MP_STATUS_OK) {
		g_clear_pointer(csr_pem, g_free);
		g_clear_pointer(key_pem, mp_keys_free_secret);
	}
	BIO_free(key_bio);
	BIO_free(csr_bio);
	X509_REQ_free(x);
	EVP_PKEY_free(pkey);
	if (names)
		g_ptr_array_unref(names);
	ERR_clear_error();
	return status;
}

void
mp_keys_free_secret(char *secret)
{
	if (!secret)
		return;
	OPENSSL_cleanse(secret, strlen(secret));
	g_free(secret);
}

/* ---- writing files ------------------------------------------------------------ */

static enum mp_status
io_error(struct mp_error *err, const char *what, const char *path, int errnum)
{
	return mp_error_set(err, MP_STATUS_IO, "%s %s: %s", what, path, g_strerror(errnum));
}

static enum mp_status
sync_folder(const char *dir, struct mp_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int errnum;

	if (fd < 0)
		return io_error(err, "opening the folder", dir, errno);
	if (fsync(fd) != 0) {
		errnum = errno;
		close(fd);
		return io_error(err, "syncing the folder", dir, errnum);
	}
	close(fd);
	return MP_STATUS_OK;
}

/* A new file next to path, created 0600 whatever the umask; its name in *tmp. */
static int
create_temp(const char *path, char **tmp, struct mp_error *err)
{
	char *dir = g_path_get_dirname(path), *base = g_path_get_basename(path);
	int fd = -1;

	*tmp = NULL;
	for (int tries = 0; tries < 100 && fd < 0; tries++) {
		g_free(*tmp);
		*tmp = g_strdup_printf("%s/.%s.%08x.tmp", dir, base, g_random_int());
		fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		io_error(err, "creating a file in", dir, errno);
		g_clear_pointer(tmp, g_free);
	}
	g_free(dir);
	g_free(base);
	return fd;
}

static enum mp_status
write_all(int fd, const char *name, const void *data, size_t len, unsigned int mode,
	  struct mp_error *err)
{
	const char *p = data;

	/* Exactly mode: open() took 0600 through the umask, which can only
	 * narrow it; a CSR is meant to be readable by others. */
	if (fchmod(fd, (mode_t)mode) != 0)
		return io_error(err, "setting the mode of", name, errno);
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return io_error(err, "writing", name, errno);
		p += n;
		len -= (size_t)n;
	}
	if (fsync(fd) != 0)
		return io_error(err, "syncing", name, errno);
	return MP_STATUS_OK;
}

/* Keep the file at path under the first free "PATH.old[.N]" name, as a hard
 * link, so path itself is replaced atomically after. *kept stays NULL when
 * there is no file at path. */
static enum mp_status
keep_old_file(const char *path, char **kept, struct mp_error *err)
{
	*kept = NULL;
	for (int n = 1; n <= OLD_NAMES_MAX; n++) {
		char *old = n == 1 ? g_strdup_printf("%s.old", path) : g_strdup_printf("%s.old.%d", path, n);

		if (link(path, old) == 0) {
			*kept = old;
			return MP_STATUS_OK;
		}
		if (errno == ENOENT) {
			g_free(old);
			return MP_STATUS_OK;
		}
		if (errno != EEXIST) {
			enum mp_status status = io_error(err, "keeping the old file as", old, errno);

			g_free(old);
			return status;
		}
		g_free(old);
	}
	return mp_error_set(err, MP_STATUS_IO, "%s.old to %s.old.%d are all taken; tidy them up",
			    path, path, OLD_NAMES_MAX);
}

enum mp_status
mp_keys_write_file(const char *path, const void *data, size_t len, unsigned int mode, bool keep_old,
		   char **kept, struct mp_error *err)
{
	enum mp_status status;
	char *tmp = NULL, *old = NULL, *dir = g_path_get_dirname(path);
	int fd, errnum;

	if (kept)
		*kept = NULL;
	fd = create_temp(path, &tmp, err);
	if (fd < 0) {
		status = MP_STATUS_IO;
		goto out;
	}
	status = write_all(fd, tmp, data, len, mode, err);
	if (close(fd) != 0 && status == MP_STATUS_OK)
		status = io_error(err, "closing", tmp, errno);
	if (status != MP_STATUS_OK)
		goto out;

	if (keep_old) {
		status = keep_old_file(path, &old, err);
		if (status != MP_STATUS_OK)
			goto out;
		if (rename(tmp, path) != 0) {
			errnum = errno;
			if (old)
				unlink(old);
			g_clear_pointer(&old, g_free);
			status = io_error(err, "moving the new file to", path, errnum);
			goto out;
		}
	} else {
		/* link() refuses an existing name atomically, where rename()
		 * would replace it. */
		if (link(tmp, path) != 0) {
			errnum = errno;
			status = errnum == EEXIST ?
					 mp_error_set(err, MP_STATUS_REFUSED, "%s exists; left as it is", path) :
					 io_error(err, "moving the new file to", path, errnum);
			goto out;
		}
		unlink(tmp);
	}
	g_clear_pointer(&tmp, g_free);
	/* Not durable is not written: take it back rather than report a file
	 * that a crash could still lose. */
	status = sync_folder(dir, err);
	if (status != MP_STATUS_OK) {
		mp_keys_undo_write(path, old);
		g_clear_pointer(&old, g_free);
	}
out:
	if (tmp)
		unlink(tmp);
	if (status == MP_STATUS_OK && kept)
		*kept = g_steal_pointer(&old);
	g_free(old);
	g_free(tmp);
	g_free(dir);
	return status;
}

enum mp_status
mp_keys_write_private(const char *path, const char *pem, bool force, char **kept,
		      struct mp_error *err)
{
	return mp_keys_write_file(path, pem, strlen(pem), 0600, force, kept, err);
}

void
mp_keys_undo_write(const char *path, const char *kept)
{
	char *dir = g_path_get_dirname(path);

	if (kept) {
		if (rename(kept, path) != 0)
			g_warning("file=%s restore=%s error=\"%s\"", path, kept, g_strerror(errno));
	} else if (unlink(path) != 0 && errno != ENOENT) {
		g_warning("file=%s remove error=\"%s\"", path, g_strerror(errno));
	}
	sync_folder(dir, NULL);
	g_free(dir);
}
