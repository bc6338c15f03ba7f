// OpenSSL's libcrypto: the one-shot SHA-256 and HMAC functions that SigV4 needs.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/crypto.h>
