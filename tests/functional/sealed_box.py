"""libs/keystore's sealed box (lezpay/keystore/sealed_box.h) in Python, for tests that must look
inside a sealed file (or write one in an older module's format): scrypt from hashlib, AES-256-GCM
from the system's libcrypto through ctypes (OpenSSL is a build dependency already). The header
fields are bound as associated data in nlohmann::json's compact form: sorted keys, no spaces."""
import ctypes
import ctypes.util
import hashlib
import json
import os

_EVP_CTRL_GCM_GET_TAG = 0x10
_EVP_CTRL_GCM_SET_TAG = 0x11
_lib = None


def _crypto():
    global _lib
    if _lib is None:
        lib = ctypes.CDLL(ctypes.util.find_library("crypto") or "libcrypto.so.3")
        lib.EVP_CIPHER_CTX_new.restype = ctypes.c_void_p
        lib.EVP_CIPHER_CTX_free.argtypes = [ctypes.c_void_p]
        lib.EVP_aes_256_gcm.restype = ctypes.c_void_p
        for f in (lib.EVP_EncryptInit_ex, lib.EVP_DecryptInit_ex):
            f.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
        for f in (lib.EVP_EncryptUpdate, lib.EVP_DecryptUpdate):
            f.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_int), ctypes.c_char_p, ctypes.c_int]
        for f in (lib.EVP_EncryptFinal_ex, lib.EVP_DecryptFinal_ex):
            f.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)]
        lib.EVP_CIPHER_CTX_ctrl.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_void_p]
        _lib = lib
    return _lib


def _aad(header):
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode()


def _key(password, kdf):
    n, r, p = kdf["n"], kdf["r"], kdf["p"]
    return hashlib.scrypt(password.encode(), salt=bytes.fromhex(kdf["salt"]), n=n, r=r, p=p,
                          maxmem=128 * n * r * 2 + 1024 * 1024, dklen=32)


def _gcm(encrypt, key, nonce, aad, data, tag=None):
    lib = _crypto()
    ctx = lib.EVP_CIPHER_CTX_new()
    try:
        init, update, final = ((lib.EVP_EncryptInit_ex, lib.EVP_EncryptUpdate, lib.EVP_EncryptFinal_ex) if encrypt else
                               (lib.EVP_DecryptInit_ex, lib.EVP_DecryptUpdate, lib.EVP_DecryptFinal_ex))
        n = ctypes.c_int(0)
        out = ctypes.create_string_buffer(len(data) + 16)
        ok = init(ctx, lib.EVP_aes_256_gcm(), None, key, nonce) == 1
        ok = ok and update(ctx, None, ctypes.byref(n), aad, len(aad)) == 1
        ok = ok and update(ctx, out, ctypes.byref(n), data, len(data)) == 1
        total = n.value
        if not encrypt:
            t = ctypes.create_string_buffer(tag, 16)
            ok = ok and lib.EVP_CIPHER_CTX_ctrl(ctx, _EVP_CTRL_GCM_SET_TAG, 16, t) == 1
        ok = ok and final(ctx, ctypes.byref(out, total), ctypes.byref(n)) == 1
        total += n.value
        tag_out = None
        if encrypt:
            t = ctypes.create_string_buffer(16)
            ok = ok and lib.EVP_CIPHER_CTX_ctrl(ctx, _EVP_CTRL_GCM_GET_TAG, 16, t) == 1
            tag_out = t.raw
        if not ok:
            raise ValueError("AES-256-GCM failed (wrong password, or the sealed file was modified)")
        return out.raw[:total], tag_out
    finally:
        lib.EVP_CIPHER_CTX_free(ctx)


def open_sealed(text, password):
    """The plaintext bytes of a sealed box (its JSON text), opened with `password`."""
    j = json.loads(text)
    header = {"format": j["format"], "version": j["version"], "kdf": j["kdf"], "cipher": j["cipher"]}
    plain, _ = _gcm(False, _key(password, j["kdf"]), bytes.fromhex(j["nonce"]), _aad(header),
                    bytes.fromhex(j["ciphertext"]), bytes.fromhex(j["tag"]))
    return plain


def seal(plain, password, n=1 << 10):
    """A sealed box of `plain` (bytes), as the C++ seal() writes it."""
    salt, nonce = os.urandom(32), os.urandom(12)
    header = {"format": "lezpay-sealed-box", "version": 1,
              "kdf": {"name": "scrypt", "n": n, "r": 8, "p": 1, "salt": salt.hex()}, "cipher": "aes-256-gcm"}
    ct, tag = _gcm(True, _key(password, header["kdf"]), nonce, _aad(header), plain)
    return json.dumps(dict(header, nonce=nonce.hex(), ciphertext=ct.hex(), tag=tag.hex()), indent=2) + "\n"
