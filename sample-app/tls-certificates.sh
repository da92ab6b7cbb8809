#!/usr/bin/env bash
# Makes the certificates for the sample's "tls" profile in <dir> with the JDK's keytool: a demo CA, one
# certificate for 127.0.0.1/localhost that the providers serve, one the consumer presents (mutual TLS), and the
# trust store with the CA. PKCS#12 stores, password "changeit", valid for 7 days. For demos and tests only:
# production certificates come from your own CA.
set -euo pipefail
dir="${1:?usage: tls-certificates.sh <dir>}"
mkdir -p "$dir"
cd "$dir"
rm -f ca.p12 server.p12 client.p12 trust.p12 ca.crt
pass=changeit
kt() { keytool -J-XX:TieredStopAtLevel=1 "$@" -storetype PKCS12 -storepass "$pass" -keypass "$pass" 2>/dev/null; }

kt -genkeypair -alias ca -keyalg EC -groupname secp256r1 -dname "CN=SeedRPC sample CA" -ext bc:c \
   -validity 7 -keystore ca.p12
kt -exportcert -alias ca -rfc -keystore ca.p12 -file ca.crt
kt -importcert -noprompt -alias ca -file ca.crt -keystore trust.p12

for name in server client; do
  kt -genkeypair -alias "$name" -keyalg EC -groupname secp256r1 -dname "CN=SeedRPC sample $name" \
     -validity 7 -keystore "$name.p12"
  kt -certreq -alias "$name" -keystore "$name.p12" -file "$name.csr"
  kt -gencert -alias ca -keystore ca.p12 -infile "$name.csr" -outfile "$name.crt" -rfc -validity 7 \
     -ext san=ip:127.0.0.1,dns:localhost
  kt -importcert -noprompt -alias ca -file ca.crt -keystore "$name.p12"
  kt -importcert -alias "$name" -file "$name.crt" -keystore "$name.p12"
  rm -f "$name.csr" "$name.crt"
done
echo "tls-certificates: CA, server and client stores in $PWD"
