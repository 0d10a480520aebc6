/* The public key of a private key, public key or CSR (PEM or DER), as facts. */
#include <limits.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "parsers.h"

/*
 * PEM is split into blocks with PEM_read_bio() and each block's DER is
 * decoded by its label, so nothing here ever asks for a passphrase: an
 * encrypted key is recognised by its label, its Proc-Type header or (in
 * DER) its EncryptedPrivateKeyInfo structure, and refused.
 *
 * A PEM file may hold more than one block: "EC PARAMETERS" before an
 * "EC PRIVATE KEY" (openssl ecparam -genkey) is skipped, and so are
 * certificates and other blocks next to a key. When several keys or CSRs are
 * present they must all carry the same public key.
 */

#define NOT_A_KEY "not a private key, public key or CSR"

static const char SRC_PRIVATE[] = "private key";
static const char SRC_PUBLIC[] = "public key";
static const char SRC_CSR[] = "CSR";

void
parse_key_facts_free(struct parse_key_facts *facts)
{
	if (!facts)
		return;
	g_free(facts->spki_pem);
	g_free(facts->spki_sha256);
	g_free(facts->description);
	g_free(facts);
}

/* The reason of OpenSSL's latest error, for detail text. */
static const char *
ossl_reason(void)
{
	const char *reason = ERR_reason_error_string(ERR_peek_last_error());

	return reason ? reason : "unknown error";
}

static char *
describe(EVP_PKEY *pkey)
{
	char group[80];
	const char *nist = NULL;
	int bits = EVP_PKEY_get_bits(pkey);

	if (EVP_PKEY_is_a(pkey, "RSA"))
		return g_strdup_printf("RSA %d", bits);
	if (EVP_PKEY_is_a(pkey, "RSA-PSS"))
		return g_strdup_printf("RSA-PSS %d", bits);
	if (EVP_PKEY_is_a(pkey, "EC")) {
		if (!EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME,
						    group, sizeof group, NULL))
			return g_strdup_printf("EC %d", bits);
		nist = EC_curve_nid2nist(OBJ_txt2nid(group));
		return g_strdup_printf("EC %s", nist ? nist : group);
	}
	if (EVP_PKEY_is_a(pkey, "ED25519"))
		return g_strdup("Ed25519");
	if (EVP_PKEY_is_a(pkey, "ED448"))
		return g_strdup("Ed448");
	if (EVP_PKEY_is_a(pkey, "X25519"))
		return g_strdup("X25519");
	if (EVP_PKEY_is_a(pkey, "X448"))
		return g_strdup("X448");
	if (EVP_PKEY_is_a(pkey, "DSA"))
		return g_strdup_printf("DSA %d", bits);
	if (EVP_PKEY_get0_type_name(pkey))
		return g_strdup_printf("%s %d", EVP_PKEY_get0_type_name(pkey), bits);
	return g_strdup_printf("unknown %d", bits);
}

/* Copy the public facts out of pkey (private or public). */
static enum mp_status
facts_from_pkey(EVP_PKEY *pkey, const char *source, struct parse_key_facts **out,
		struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	struct parse_key_facts *facts = NULL;
	unsigned char *der = NULL;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	BIO *bio = NULL;
	char *pem = NULL;
	long pem_len;
	int der_len;

	der_len = i2d_PUBKEY(pkey, &der);
	if (der_len <= 0) {
		status = mp_error_set(err, MP_STATUS_CRYPTO,
				      "could not encode the public key: %s", ossl_reason());
		goto out;
	}
	if (!EVP_Digest(der, (size_t)der_len, md, &md_len, EVP_sha256(), NULL)) {
		status = mp_error_set(err, MP_STATUS_CRYPTO, "SHA-256 failed: %s", ossl_reason());
		goto out;
	}
	bio = BIO_new(BIO_s_mem());
	if (!bio || !PEM_write_bio(bio, "PUBLIC KEY", "", der, der_len)) {
		status = mp_error_set(err, MP_STATUS_CRYPTO,
				      "could not write the public key as PEM: %s", ossl_reason());
		goto out;
	}
	pem_len = BIO_get_mem_data(bio, &pem);

	facts = g_new0(struct parse_key_facts, 1);
	facts->spki_pem = g_strndup(pem, (gsize)pem_len);
	facts->spki_sha256 = g_malloc(md_len * 2 + 1);
	for (unsigned int i = 0; i < md_len; i++)
		g_snprintf(facts->spki_sha256 + 2 * i, 3, "%02x", md[i]);
	facts->description = describe(pkey);
	facts->source = source;
	*out = facts;
	facts = NULL;
out:
	parse_key_facts_free(facts);
	BIO_free(bio);
	OPENSSL_free(der);
	return status;
}

/* A CSR counts only when it is signed by its own key. */
static enum mp_status
facts_from_csr(X509_REQ *req, struct parse_key_facts **out, struct mp_error *err)
{
	EVP_PKEY *pkey = X509_REQ_get0_pubkey(req);
	int ok;

	if (!pkey)
		return mp_error_set(err, MP_STATUS_BAD_INPUT,
				    "CSR: its public key can not be read: %s", ossl_reason());
	ok = X509_REQ_verify(req, pkey);
	if (ok == 0)
		return mp_error_set(err, MP_STATUS_BAD_INPUT,
				    "CSR: the signature does not match its public key");
	if (ok < 0)
		return mp_error_set(err, MP_STATUS_BAD_INPUT,
				    "CSR: the signature can not be checked: %s", ossl_reason());
	return facts_from_pkey(pkey, SRC_CSR, out, err);
}

/* PKCS#8 PrivateKeyInfo, unencrypted. */
static EVP_PKEY *
d2i_pkcs8(const unsigned char *der, long len)
{
	const unsigned char *p = der;
	PKCS8_PRIV_KEY_INFO *p8 = d2i_PKCS8_PRIV_KEY_INFO(NULL, &p, len);
	EVP_PKEY *pkey = NULL;

	if (p8 && p == der + len)
		pkey = EVP_PKCS82PKEY(p8);
	PKCS8_PRIV_KEY_INFO_free(p8);
	return pkey;
}

/* The other d2i decoders share one shape: decode, and insist on using up
 * every byte so that a longer blob is not taken for one of its prefixes. */
static EVP_PKEY *
d2i_private_typed(int type, const unsigned char *der, long len)
{
	const unsigned char *p = der;
	EVP_PKEY *pkey = d2i_PrivateKey(type, NULL, &p, len);

	if (pkey && p != der + len) {
		EVP_PKEY_free(pkey);
		pkey = NULL;
	}
	return pkey;
}

static EVP_PKEY *
d2i_spki(const unsigned char *der, long len)
{
	const unsigned char *p = der;
	EVP_PKEY *pkey = d2i_PUBKEY(NULL, &p, len);

	if (pkey && p != der + len) {
		EVP_PKEY_free(pkey);
		pkey = NULL;
	}
	return pkey;
}

/* PKCS#1 RSAPublicKey ("RSA PUBLIC KEY"). */
static EVP_PKEY *
d2i_rsa_public(const unsigned char *der, long len)
{
	const unsigned char *p = der;
	EVP_PKEY *pkey = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, len);

	if (pkey && p != der + len) {
		EVP_PKEY_free(pkey);
		pkey = NULL;
	}
	return pkey;
}

static X509_REQ *
d2i_csr(const unsigned char *der, long len)
{
	const unsigned char *p = der;
	X509_REQ *req = d2i_X509_REQ(NULL, &p, len);

	if (req && p != der + len) {
		X509_REQ_free(req);
		req = NULL;
	}
	return req;
}

static bool
is_encrypted_pkcs8(const unsigned char *der, long len)
{
	const unsigned char *p = der;
	X509_SIG *sig = d2i_X509_SIG(NULL, &p, len);
	bool full = sig && p == der + len;

	X509_SIG_free(sig);
	return full;
}

static bool
is_certificate(const unsigned char *der, long len)
{
	const unsigned char *p = der;
	X509 *cert = d2i_X509(NULL, &p, len);
	bool full = cert && p == der + len;

	X509_free(cert);
	return full;
}

/* Bare DER: try each structure in turn. */
static enum mp_status
parse_der(const unsigned char *der, long len, struct parse_key_facts **out,
	  struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	EVP_PKEY *pkey = NULL;
	X509_REQ *req = NULL;

	if (is_encrypted_pkcs8(der, len)) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT,
				      "encrypted private key (DER EncryptedPrivateKeyInfo): "
				      "mailproc does not take passphrases; export the key "
				      "without encryption or give its CSR instead");
		goto out;
	}
	if ((pkey = d2i_pkcs8(der, len)) != NULL ||
	    (pkey = d2i_private_typed(EVP_PKEY_RSA, der, len)) != NULL ||
	    (pkey = d2i_private_typed(EVP_PKEY_EC, der, len)) != NULL) {
		status = facts_from_pkey(pkey, SRC_PRIVATE, out, err);
		goto out;
	}
	if ((pkey = d2i_spki(der, len)) != NULL ||
	    (pkey = d2i_rsa_public(der, len)) != NULL) {
		status = facts_from_pkey(pkey, SRC_PUBLIC, out, err);
		goto out;
	}
	if ((req = d2i_csr(der, len)) != NULL) {
		status = facts_from_csr(req, out, err);
		goto out;
	}
	if (is_certificate(der, len)) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT,
				      "a certificate, " NOT_A_KEY);
		goto out;
	}
	status = mp_error_set(err, MP_STATUS_BAD_INPUT,
			      "neither PEM nor DER of a key: " NOT_A_KEY);
out:
	EVP_PKEY_free(pkey);
	X509_REQ_free(req);
	return status;
}

enum block_kind {
	BLOCK_OTHER,
	BLOCK_CERT,
	BLOCK_KEY,
};

/* Decode one PEM block. Labels that are not keys give BLOCK_OTHER or
 * BLOCK_CERT and no facts; a key block gives facts or an error. */
static enum mp_status
parse_pem_block(const char *name, const char *header, const unsigned char *der, long len,
		enum block_kind *kind, struct parse_key_facts **out, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	EVP_PKEY *pkey = NULL;
	X509_REQ *req = NULL;
	bool private = false;

	*kind = BLOCK_KEY;
	if (strcmp(name, "ENCRYPTED PRIVATE KEY") == 0) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT,
				      "encrypted private key (PEM \"ENCRYPTED PRIVATE KEY\"): "
				      "mailproc does not take passphrases; export the key "
				      "without encryption or give its CSR instead");
		goto out;
	}
	if (strcmp(name, "PRIVATE KEY") == 0 || strcmp(name, "RSA PRIVATE KEY") == 0 ||
	    strcmp(name, "EC PRIVATE KEY") == 0) {
		if (strstr(header, "ENCRYPTED")) {
			status = mp_error_set(err, MP_STATUS_BAD_INPUT,
					      "encrypted private key (PEM \"%s\" with "
					      "Proc-Type: 4,ENCRYPTED): mailproc does not take "
					      "passphrases; export the key without encryption "
					      "or give its CSR instead", name);
			goto out;
		}
		private = true;
		if (strcmp(name, "PRIVATE KEY") == 0)
			pkey = d2i_pkcs8(der, len);
		else if (strcmp(name, "RSA PRIVATE KEY") == 0)
			pkey = d2i_private_typed(EVP_PKEY_RSA, der, len);
		else
			pkey = d2i_private_typed(EVP_PKEY_EC, der, len);
	} else if (strcmp(name, "PUBLIC KEY") == 0) {
		pkey = d2i_spki(der, len);
	} else if (strcmp(name, "RSA PUBLIC KEY") == 0) {
		pkey = d2i_rsa_public(der, len);
	} else if (strcmp(name, "CERTIFICATE REQUEST") == 0 ||
		   strcmp(name, "NEW CERTIFICATE REQUEST") == 0) {
		req = d2i_csr(der, len);
		if (!req) {
			status = mp_error_set(err, MP_STATUS_BAD_INPUT,
					      "PEM \"%s\": the CSR inside is malformed", name);
			goto out;
		}
		status = facts_from_csr(req, out, err);
		goto out;
	} else {
		*kind = (strcmp(name, "CERTIFICATE") == 0 ||
			 strcmp(name, "TRUSTED CERTIFICATE") == 0 ||
			 strcmp(name, "X509 CERTIFICATE") == 0) ? BLOCK_CERT : BLOCK_OTHER;
		goto out;
	}

	if (!pkey) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT,
				      "PEM \"%s\": the key inside is malformed", name);
		goto out;
	}
	status = facts_from_pkey(pkey, private ? SRC_PRIVATE : SRC_PUBLIC, out, err);
out:
	EVP_PKEY_free(pkey);
	X509_REQ_free(req);
	return status;
}

static enum mp_status
parse_pem(const void *buf, size_t len, struct parse_key_facts **out, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	struct parse_key_facts *found = NULL;
	struct parse_key_facts *facts = NULL;
	BIO *bio = NULL;
	char *name = NULL;
	char *header = NULL;
	unsigned char *data = NULL;
	long data_len = 0;
	char first_other[80] = "";
	bool saw_cert = false;

	bio = BIO_new_mem_buf(buf, (int)len);
	if (!bio) {
		status = mp_error_set(err, MP_STATUS_CRYPTO, "out of memory: %s", ossl_reason());
		goto out;
	}
	for (;;) {
		enum block_kind kind;
		unsigned long e;

		ERR_clear_error();
		if (!PEM_read_bio(bio, &name, &header, &data, &data_len)) {
			e = ERR_peek_last_error();
			/* No further "-----BEGIN" line: the normal end. */
			if (ERR_GET_LIB(e) == ERR_LIB_PEM && ERR_GET_REASON(e) == PEM_R_NO_START_LINE)
				break;
			status = mp_error_set(err, MP_STATUS_BAD_INPUT,
					      "malformed PEM: %s", ossl_reason());
			goto out;
		}
		status = parse_pem_block(name, header, data, data_len, &kind, &facts, err);
		if (status != MP_STATUS_OK)
			goto out;
		if (kind == BLOCK_CERT)
			saw_cert = true;
		else if (kind == BLOCK_OTHER && first_other[0] == '\0')
			g_strlcpy(first_other, name, sizeof first_other);
		if (facts && found && strcmp(facts->spki_sha256, found->spki_sha256) != 0) {
			status = mp_error_set(err, MP_STATUS_BAD_INPUT,
					      "the PEM holds more than one key and they differ");
			goto out;
		}
		if (facts && !found) {
			found = facts;
			facts = NULL;
		}
		parse_key_facts_free(facts);
		facts = NULL;
		OPENSSL_free(name);
		OPENSSL_free(header);
		OPENSSL_clear_free(data, (size_t)data_len);
		name = header = NULL;
		data = NULL;
	}

	if (found) {
		*out = found;
		found = NULL;
	} else if (saw_cert) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT, "a certificate, " NOT_A_KEY);
	} else if (first_other[0]) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT,
				      "PEM \"%s\": " NOT_A_KEY, first_other);
	} else {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT,
				      "no complete PEM block: " NOT_A_KEY);
	}
out:
	parse_key_facts_free(found);
	parse_key_facts_free(facts);
	OPENSSL_free(name);
	OPENSSL_free(header);
	OPENSSL_clear_free(data, (size_t)data_len);
	BIO_free(bio);
	return status;
}

enum mp_status
parse_key_public(const void *buf, size_t len, struct parse_key_facts **out,
		 struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;

	g_assert(out != NULL);
	g_assert(buf != NULL || len == 0);
	*out = NULL;

	if (len == 0) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT, "empty input: " NOT_A_KEY);
		goto out;
	}
	if (len > INT_MAX) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT, "input too large for a key");
		goto out;
	}
	if (memmem(buf, len, "-----BEGIN ", 11))
		status = parse_pem(buf, len, out, err);
	else
		status = parse_der(buf, (long)len, out, err);
out:
	/* Whatever OpenSSL queued is translated above; keep it from the caller. */
	ERR_clear_error();
	return status;
}
