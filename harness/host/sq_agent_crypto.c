/*
 * sq_agent_crypto.c - the agent's hashes for Squirrel code, inside
 * imp-agent: http.hash.md5/sha1/sha256/sha512 and hmacsha1/hmacsha256/
 * hmacsha512, as the imp's agent API documents them (data and key a string
 * or a blob; the digest returned as a blob). The digests are OpenSSL's
 * libcrypto, loaded with dlopen at the first http.hash call of the
 * process, not linked: an imp-agent whose code never hashes never maps a
 * library of several megabytes (its dynamic loading was a fifth of a chaos
 * campaign's time when it was linked, and 0.85 ms of every Squirrel agent's
 * start when the VM's set-up loaded it). The load counts as the host's own
 * plumbing (hfault_in_runtime), so the fault points scoped to target code
 * neither count nor fail its file and memory calls.
 *
 *   app.agent.nut -> http.hash.hmacsha256(data, key) -> n_hmacsha256 -> HMAC()
 */
#include <dlfcn.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "hfault.h"
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

/* The calls this file makes, from libcrypto once loaded (NULL: it is not
 * there, and every hash throws). */
static struct {
	int tried;              /* load_libcrypto ran */
	void *so;
	int (*digest)(const void *, size_t, unsigned char *, unsigned int *, const EVP_MD *,
		      ENGINE *);
	unsigned char *(*hmac)(const EVP_MD *, const void *, int, const unsigned char *, size_t,
			       unsigned char *, unsigned int *);
	const EVP_MD *(*md5)(void), *(*sha1)(void), *(*sha256)(void), *(*sha512)(void);
} lc;

static void load_libcrypto(void)
{
	static const char *const names[] = { "libcrypto.so.3", "libcrypto.so" };
	size_t i;

	lc.tried = 1;
	hfault_in_runtime++;
	for (i = 0; !lc.so && i < 2; i++)
		lc.so = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	hfault_in_runtime--;
	if (!lc.so)
		return;
	*(void **)&lc.digest = dlsym(lc.so, "EVP_Digest");
	*(void **)&lc.hmac = dlsym(lc.so, "HMAC");
	*(void **)&lc.md5 = dlsym(lc.so, "EVP_md5");
	*(void **)&lc.sha1 = dlsym(lc.so, "EVP_sha1");
	*(void **)&lc.sha256 = dlsym(lc.so, "EVP_sha256");
	*(void **)&lc.sha512 = dlsym(lc.so, "EVP_sha512");
	if (!lc.digest || !lc.hmac || !lc.md5 || !lc.sha1 || !lc.sha256 || !lc.sha512)
		lc.digest = NULL;
}

static int digest(sq_vm *vm, sq_value *argv, const EVP_MD *md, const char *call, sq_value *ret)
{
	unsigned char out[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	const uint8_t *data;
	size_t n;

	if (!(data = bytes_of(vm, argv[1], &n, call, "the data")))
		return SQ_ERROR;
	if (!lc.digest(data, n, out, &len, md, NULL))
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
	if (keylen > INT32_MAX || !lc.hmac(md, key, (int)keylen, data, n, out, &len))
		return sq_throwf(vm, "%s: the HMAC failed", call);
	return sq_blob_new(vm, out, len, ret);
}

/* One native per name: a native has no user data to say which digest. */
#define SQB_HASH(name, md)                                                              \
	static int n_##name(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)         \
	{                                                                               \
		(void)argc;                                                             \
		if (!lc.tried)                                                          \
			load_libcrypto();                                               \
		if (!lc.digest)                                                         \
			return sq_throwf(vm, "http.hash." #name ": libcrypto (OpenSSL) "  \
					 "is not installed");                           \
		return digest(vm, argv, lc.md(), "http.hash." #name, ret);              \
	}
#define SQB_HMAC(name, md)                                                              \
	static int n_##name(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)         \
	{                                                                               \
		(void)argc;                                                             \
		if (!lc.tried)                                                          \
			load_libcrypto();                                               \
		if (!lc.digest)                                                         \
			return sq_throwf(vm, "http.hash." #name ": libcrypto (OpenSSL) "  \
					 "is not installed");                           \
		return hmac(vm, argv, lc.md(), "http.hash." #name, ret);                \
	}

SQB_HASH(md5, md5)
SQB_HASH(sha1, sha1)
SQB_HASH(sha256, sha256)
SQB_HASH(sha512, sha512)
SQB_HMAC(hmacsha1, sha1)
SQB_HMAC(hmacsha256, sha256)
SQB_HMAC(hmacsha512, sha512)

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
