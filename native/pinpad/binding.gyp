{
  "targets": [
    {
      "target_name": "pinpad",
      "sources": ["pinpad.c"],
      "include_dirs": ["../../node_modules/pkcs11js/includes/pkcs11"],
      "defines": ["NAPI_VERSION=8"],
      "conditions": [["OS=='linux'", { "libraries": ["-ldl"] }]]
    }
  ]
}
