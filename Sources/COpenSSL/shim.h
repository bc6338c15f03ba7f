// OpenSSL's libcrypto: the one-shot SHA-256 and HMAC functions that SigV4 needs.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/crypto.h>

// SHA-256 of one buffer through libcrypto's own block function (SHA-NI where the CPU has it), with
// the context on the stack. OpenSSL 3's one-shot SHA256() fetches the algorithm from its provider
// on every call (EVP_Q_digest), which costs more than hashing an audit line; these low-level calls
// are deprecated for new protocols but are the same implementation, without the fetch.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
static inline void lookout_sha256(const void *data, size_t count, unsigned char out[32]) {
    SHA256_CTX c;
    SHA256_Init(&c);
    SHA256_Update(&c, data, count);
    SHA256_Final(out, &c);
}
#pragma GCC diagnostic pop
