#!/usr/bin/env bash
# Debian packages the tests need: LibreOffice (renders workbooks), poppler (PDF -> PNG),
# Dovecot (the real IMAP server the mailbox tests start on 127.0.0.1), Python venv.
set -euo pipefail
packages=(python3-venv libreoffice-calc poppler-utils dovecot-imapd openssl fonts-dejavu-core)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages present"
  exit 0
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
# The tests start their own Dovecot with their own configuration; the packaged service
# stays off so it does not hold ports.
if command -v systemctl >/dev/null 2>&1; then systemctl disable --now dovecot >/dev/null 2>&1 || true; fi
