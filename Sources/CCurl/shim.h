// libcurl, and typed wrappers for its variadic calls (curl_easy_setopt, curl_multi_setopt,
// curl_easy_getinfo), which Swift cannot call directly.
#ifndef LOOKOUT_CCURL_SHIM_H
#define LOOKOUT_CCURL_SHIM_H
#include <curl/curl.h>

static inline CURLcode lk_global_init(void) { return curl_global_init(CURL_GLOBAL_ALL); }

static inline CURLcode lk_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode lk_setopt_ptr(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode lk_setopt_str(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode lk_setopt_off_t(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode lk_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode lk_setopt_write_function(CURL *h, curl_write_callback f) {
    return curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, f);
}
static inline CURLcode lk_setopt_header_function(CURL *h, curl_write_callback f) {
    return curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, f);
}

// A blob option (CURLOPT_CAINFO_BLOB): libcurl copies the bytes, so they need not outlive the call.
static inline CURLcode lk_setopt_blob_copy(CURL *h, CURLoption o, const void *data, size_t len) {
    struct curl_blob b = { (void *)data, len, CURL_BLOB_COPY };
    return curl_easy_setopt(h, o, &b);
}

static inline CURLMcode lk_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }

static inline CURLcode lk_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }

// Result of a finished transfer from a CURLMsg (a union member Swift reads awkwardly).
static inline CURLcode lk_msg_result(CURLMsg *m) { return m->data.result; }

#endif
