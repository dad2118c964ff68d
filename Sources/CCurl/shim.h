#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H
/* libcurl's curl_easy_setopt/getinfo are variadic, which Swift cannot call: these typed
   wrappers are the only way in. The pinning helpers use OpenSSL directly because Proxmox
   admins pin the SHA-256 fingerprint of the *certificate* (what `GET /nodes` and the web UI
   show), which libcurl's CURLOPT_PINNEDPUBLICKEY (a public-key hash) does not cover. */
#include <curl/curl.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/evp.h>
#include <string.h>

static inline CURLcode ccurl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_ptr(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_str(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_write(CURL *h, CURLoption o, size_t (*fn)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(h, o, fn);
}
static inline CURLcode ccurl_setopt_xferinfo(CURL *h, int (*fn)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t)) {
    return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, fn);
}
static inline CURLcode ccurl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode ccurl_getinfo_double(CURL *h, CURLINFO i, double *v) { return curl_easy_getinfo(h, i, v); }

/// Verifies the peer by the SHA-256 of its leaf certificate (DER), compared with the 32 bytes
/// at `arg`. Replaces chain verification: a pinned self-signed Proxmox certificate passes,
/// anything else fails the handshake before a single request byte (or token) is sent.
static int ccurl_pin_verify(X509_STORE_CTX *ctx, void *arg) {
    X509 *leaf = X509_STORE_CTX_get0_cert(ctx);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (leaf == NULL || arg == NULL) return 0;
    if (X509_digest(leaf, EVP_sha256(), md, &len) != 1 || len != 32) return 0;
    return memcmp(md, arg, 32) == 0 ? 1 : 0;
}

static CURLcode ccurl_pin_sslctx(CURL *curl, void *sslctx, void *parm) {
    (void)curl;
    SSL_CTX_set_cert_verify_callback((SSL_CTX *)sslctx, ccurl_pin_verify, parm);
    return CURLE_OK;
}

/// Pins the peer certificate to `sha256` (32 bytes that must outlive the handle's transfers).
/// Hostname verification is switched off: the pin identifies the server exactly.
static inline CURLcode ccurl_pin_certificate_sha256(CURL *h, const unsigned char *sha256) {
    CURLcode rc = curl_easy_setopt(h, CURLOPT_SSL_CTX_FUNCTION, ccurl_pin_sslctx);
    if (rc != CURLE_OK) return rc;
    rc = curl_easy_setopt(h, CURLOPT_SSL_CTX_DATA, (void *)sha256);
    if (rc != CURLE_OK) return rc;
    rc = curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    if (rc != CURLE_OK) return rc;
    return curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
}
#endif
