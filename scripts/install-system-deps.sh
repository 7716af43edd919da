#!/usr/bin/env bash
# System packages the tests use (ARCHITECTURE §5): SoftHSMv2 + OpenSC (PKCS#11 tokens, pkcs11-spy),
# libp11's OpenSSL engine (mutual TLS with a token key),
# pcscd + vsmartcard-vpcd/vpicc (virtual reader and card; pcsc-tools for ATR names; libpcsclite-dev to build
# the PC/SC binding), xmlsec1 / poppler-utils / libxml2-utils / xsltproc / openssl
# (independent verifiers; xsltproc renders the pismo with the official stylesheet beside the app's
# engine), chromium (UI tests), python3 make g++ (native addons built from source).
#
# Run as root on Debian/Ubuntu. Does nothing when every tool is already there, unless
# NADAWCA_FORCE_APT=1. Not root: prints what is missing and exits non-zero.
set -euo pipefail

PACKAGES=(softhsm2 libengine-pkcs11-openssl opensc pcscd pcsc-tools libpcsclite-dev vsmartcard-vpcd vsmartcard-vpicc python3-virtualsmartcard python3-pycryptodome xmlsec1 poppler-utils libxml2-utils xsltproc chromium openssl ca-certificates python3 make g++ fonts-dejavu-core libnss3-tools)

# package → a file or command that proves it is installed
declare -A PROBE=(
  [softhsm2]=softhsm2-util
  [libengine-pkcs11-openssl]=/usr/lib/x86_64-linux-gnu/engines-3/pkcs11.so
  [opensc]=pkcs11-tool
  [pcscd]=pcscd
  [pcsc-tools]=pcsc_scan
  [libpcsclite-dev]=/usr/include/PCSC/winscard.h
  [vsmartcard-vpcd]=/etc/reader.conf.d/vpcd
  [vsmartcard-vpicc]=vicc
  [python3-virtualsmartcard]=/usr/lib/python3/site-packages/virtualsmartcard
  [python3-pycryptodome]=/usr/lib/python3/dist-packages/Cryptodome
  [xmlsec1]=xmlsec1
  [poppler-utils]=pdfsig
  [libxml2-utils]=xmllint
  [xsltproc]=xsltproc
  [chromium]=chromium
  [openssl]=openssl
  [ca-certificates]=/etc/ssl/certs/ca-certificates.crt
  [python3]=python3
  [make]=make
  [g++]=g++
  [fonts-dejavu-core]=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
  [libnss3-tools]=vfychain
)

present() {
  local probe=$1
  if [[ $probe == /* ]]; then
    [[ -e $probe ]]
  else
    command -v "$probe" >/dev/null 2>&1 || [[ -x /usr/sbin/$probe || -x /sbin/$probe ]]
  fi
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  present "${PROBE[$pkg]}" || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 && -z ${NADAWCA_FORCE_APT:-} ]]; then
  echo "install-system-deps: all present (${#PACKAGES[@]} packages); set NADAWCA_FORCE_APT=1 to run apt anyway"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "install-system-deps: not root, not running apt-get." >&2
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "missing: ${missing[*]}" >&2
    echo "run: sudo $0   (or: sudo apt-get install -y --no-install-recommends ${missing[*]})" >&2
    exit 1
  fi
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${PACKAGES[@]}"

still=()
for pkg in "${PACKAGES[@]}"; do
  present "${PROBE[$pkg]}" || still+=("$pkg")
done
if [[ ${#still[@]} -gt 0 ]]; then
  echo "install-system-deps: installed, but still not found: ${still[*]}" >&2
  exit 1
fi
echo "install-system-deps: done"
