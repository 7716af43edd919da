/*
 * C_Login with a NULL PIN (PKCS #11 v2.40 §5.6: pPin = NULL_PTR, ulPinLen = 0 when the token has
 * CKF_PROTECTED_AUTHENTICATION_PATH, so the PIN is typed on the reader's pad).
 * Why an addon: pkcs11js's C_Login requires a JS string and passes a non-NULL pointer even for ""
 * (DOMAIN-signatures §9.2, PeculiarVentures/pkcs11js#102). This file does only that one call, on a
 * session pkcs11js opened: dlopen of the same path returns the same loaded library, so the same
 * function list and session handles.
 *
 *   login(modulePath: string, session: Buffer (CK_SESSION_HANDLE as pkcs11js stores it),
 *         userType: number) → CK_RV as a number (0 = CKR_OK)
 *
 * Blocks until the reader answers; the signer host process runs it, so the app never freezes, and
 * the host is killed when the user cancels in the app or the wait times out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <node_api.h>

#ifdef _WIN32
#include <windows.h>
#pragma pack(push, cryptoki, 1)
#else
#include <dlfcn.h>
#endif

#define CK_PTR *
#define CK_DECLARE_FUNCTION(returnType, name) returnType name
#define CK_DECLARE_FUNCTION_POINTER(returnType, name) returnType(*name)
#define CK_CALLBACK_FUNCTION(returnType, name) returnType(*name)
#ifndef NULL_PTR
#define NULL_PTR 0
#endif
#include "pkcs11.h"

#ifdef _WIN32
#pragma pack(pop, cryptoki)
#endif

static napi_value fail(napi_env env, const char *message) {
  napi_throw_error(env, NULL, message);
  return NULL;
}

static CK_FUNCTION_LIST_PTR function_list(const char *path, char *error, size_t error_size) {
  CK_C_GetFunctionList get = NULL;
#ifdef _WIN32
  wchar_t wide[4096];
  if (MultiByteToWideChar(CP_UTF8, 0, path, -1, wide, 4096) == 0) {
    snprintf(error, error_size, "module path is not valid UTF-8");
    return NULL;
  }
  HMODULE lib = LoadLibraryW(wide);
  if (!lib) {
    snprintf(error, error_size, "LoadLibrary failed: Win32 error %lu", GetLastError());
    return NULL;
  }
  get = (CK_C_GetFunctionList)GetProcAddress(lib, "C_GetFunctionList");
#else
  /* Never dlclose: the library stays loaded for pkcs11js anyway, and this keeps the pointer valid. */
  void *lib = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
  if (!lib) {
    snprintf(error, error_size, "dlopen failed: %s", dlerror());
    return NULL;
  }
  get = (CK_C_GetFunctionList)dlsym(lib, "C_GetFunctionList");
#endif
  if (!get) {
    snprintf(error, error_size, "not a PKCS#11 module (no C_GetFunctionList)");
    return NULL;
  }
  CK_FUNCTION_LIST_PTR list = NULL;
  CK_RV rv = get(&list);
  if (rv != CKR_OK || !list) {
    snprintf(error, error_size, "C_GetFunctionList failed: 0x%lx", (unsigned long)rv);
    return NULL;
  }
  return list;
}

static napi_value login(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 3) return fail(env, "login(modulePath, session, userType)");

  char path[4096];
  size_t path_len = 0;
  if (napi_get_value_string_utf8(env, argv[0], path, sizeof path, &path_len) != napi_ok || path_len == 0 || path_len >= sizeof path - 1) {
    return fail(env, "modulePath must be a non-empty string");
  }
  bool is_buffer = false;
  void *data = NULL;
  size_t length = 0;
  if (napi_is_buffer(env, argv[1], &is_buffer) != napi_ok || !is_buffer || napi_get_buffer_info(env, argv[1], &data, &length) != napi_ok ||
      length != sizeof(CK_SESSION_HANDLE)) {
    return fail(env, "session must be a pkcs11js session handle");
  }
  uint32_t user_type = 0;
  if (napi_get_value_uint32(env, argv[2], &user_type) != napi_ok || (user_type != CKU_USER && user_type != CKU_CONTEXT_SPECIFIC)) {
    return fail(env, "userType must be CKU_USER (1) or CKU_CONTEXT_SPECIFIC (2)");
  }

  char error[512];
  CK_FUNCTION_LIST_PTR list = function_list(path, error, sizeof error);
  if (!list) return fail(env, error);

  CK_SESSION_HANDLE session;
  memcpy(&session, data, sizeof session);
  CK_RV rv = list->C_Login(session, (CK_USER_TYPE)user_type, NULL_PTR, 0);

  napi_value result;
  napi_create_double(env, (double)rv, &result);
  return result;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "login", NAPI_AUTO_LENGTH, login, NULL, &fn);
  napi_set_named_property(env, exports, "login", fn);
  return exports;
}
