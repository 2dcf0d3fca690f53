/*
 * sq_agent_crypto.c - the agent's hashes for Squirrel code, inside
 * imp-agent: http.hash.md5/sha1/sha256/sha512 and hmacsha1/hmacsha256/
 * hmacsha512, as the imp's agent API documents them (data and key a string
 * or a blob; the digest returned as a blob). The digests are OpenSSL's
 * libcrypto, the only part of the hosts that links it.
 *
 *   app.agent.nut -> http.hash.hmacsha256(data, key) -> n_hmacsha256 -> HMAC()
 */
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "sq_agent.h"
#include "sq_host.h"

/* The bytes of a string or a blob argument, or NULL after raising an
 * error that names the call and the parameter. */
static const uint8_t *bytes_of(sq_vm *vm, sq_value v, size_t *n, const char *call,
			       const char *param)
{
	const uint8_t *s = sq_blob_bytes(vm, v, n);

	if (s)
		return s;
	if (v.type == SQ_TSTRING) {
		*n = sq_strlen(v);
		return (const uint8_t *)sq_str(v);
	}
	sq_throwf(vm, "%s: %s must be a string or a blob", call, param);
	return NULL;
}

static int digest(sq_vm *vm, sq_value *argv, const EVP_MD *md, const char *call, sq_value *ret)
{
	unsigned char out[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	const uint8_t *data;
	size_t n;

	if (!(data = bytes_of(vm, argv[1], &n, call, "the data")))
		return SQ_ERROR;
	if (!EVP_Digest(data, n, out, &len, md, NULL))
		return sq_throwf(vm, "%s: the digest failed", call);
	return sq_blob_new(vm, out, len, ret);
}

static int hmac(sq_vm *vm, sq_value *argv, const EVP_MD *md, const char *call, sq_value *ret)
{
	unsigned char out[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	const uint8_t *data, *key;
	size_t n, keylen;

	if (!(data = bytes_of(vm, argv[1], &n, call, "the data")) ||
	    !(key = bytes_of(vm, argv[2], &keylen, call, "the key")))
		return SQ_ERROR;
	if (keylen > INT32_MAX || !HMAC(md, key, (int)keylen, data, n, out, &len))
		return sq_throwf(vm, "%s: the HMAC failed", call);
	return sq_blob_new(vm, out, len, ret);
}

/* One native per name: a native has no user data to say which digest. */
#define SQB_HASH(name, md)                                                              \
	static int n_##name(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)         \
	{                                                                               \
		(void)argc;                                                             \
		return digest(vm, argv, md(), "http.hash." #name, ret);                 \
	}
#define SQB_HMAC(name, md)                                                              \
	static int n_##name(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)         \
	{                                                                               \
		(void)argc;                                                             \
		return hmac(vm, argv, md(), "http.hash." #name, ret);                   \
	}

SQB_HASH(md5, EVP_md5)
SQB_HASH(sha1, EVP_sha1)
SQB_HASH(sha256, EVP_sha256)
SQB_HASH(sha512, EVP_sha512)
SQB_HMAC(hmacsha1, EVP_sha1)
SQB_HMAC(hmacsha256, EVP_sha256)
SQB_HMAC(hmacsha512, EVP_sha512)

void sqb_agent_crypto_api(struct sq_vm *vm)
{
	sq_value http = sqh_subtable(vm, "http"), hash = sq_table_new(vm);

	sq_table_setfn(vm, hash, "md5", n_md5, 2, NULL);
	sq_table_setfn(vm, hash, "sha1", n_sha1, 2, NULL);
	sq_table_setfn(vm, hash, "sha256", n_sha256, 2, NULL);
	sq_table_setfn(vm, hash, "sha512", n_sha512, 2, NULL);
	sq_table_setfn(vm, hash, "hmacsha1", n_hmacsha1, 3, NULL);
	sq_table_setfn(vm, hash, "hmacsha256", n_hmacsha256, 3, NULL);
	sq_table_setfn(vm, hash, "hmacsha512", n_hmacsha512, 3, NULL);
	sq_table_setstr(vm, http, "hash", hash);
	sq_release(vm, hash);
}
