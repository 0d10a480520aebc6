#!/bin/sh
# A test PKI made with the openssl command, for the demo and the integration
# tests. Nothing here is trusted anywhere else.
#
#   test-pki.sh init DIR
#       DIR/root.pem (self-signed root), DIR/inter.pem (intermediate), with keys
#   test-pki.sh issue DIR CSR_OR_KEY START END OUT.pem NAME...
#       a leaf for the key in CSR_OR_KEY (a CSR or a private key), valid from
#       START to END (YYYYMMDDHHMMSSZ), CN = the first NAME, every NAME a SAN,
#       issued by the intermediate; OUT.pem gets the leaf, OUT.chain.pem the
#       leaf, the intermediate and the root.
set -eu

cmd=$1
dir=$2

ca_config() { # ca_config CA_DIR SAN_LIST
	cat <<CNF
[ca]
default_ca = test
[test]
dir = $1
database = $1/index.txt
serial = $1/serial
new_certs_dir = $1/new
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[any]
commonName = supplied
organizationName = optional
countryName = optional
stateOrProvinceName = optional
localityName = optional
[v3_root]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[v3_inter]
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_leaf]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = $2
CNF
}

ca_dir() { # ca_dir DIR/NAME: the bookkeeping openssl ca needs
	mkdir -p "$1/new"
	[ -f "$1/index.txt" ] || : >"$1/index.txt"
	[ -f "$1/serial" ] || openssl rand -hex 8 >"$1/serial"
}

case "$cmd" in
init)
	mkdir -p "$dir"
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/root.key" 2>/dev/null
	openssl req -new -key "$dir/root.key" -subj "/C=JP/O=mailproc test PKI/CN=mailproc Test Root CA" \
		-out "$dir/root.csr" 2>/dev/null
	# Fixed validity, so that tests and the demo with a pinned clock in the
	# past still find the CAs valid.
	ca_dir "$dir/root-ca"
	ca_config "$dir/root-ca" "DNS:unused.invalid" >"$dir/root-ca.cnf"
	openssl ca -batch -selfsign -config "$dir/root-ca.cnf" -keyfile "$dir/root.key" \
		-extensions v3_root -startdate 20200101000000Z -enddate 20401231235959Z \
		-in "$dir/root.csr" -out "$dir/root.pem" -notext 2>/dev/null
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/inter.key" 2>/dev/null
	openssl req -new -key "$dir/inter.key" -subj "/C=JP/O=mailproc test PKI/CN=mailproc Test OV CA" \
		-out "$dir/inter.csr" 2>/dev/null
	openssl ca -batch -config "$dir/root-ca.cnf" -cert "$dir/root.pem" -keyfile "$dir/root.key" \
		-extensions v3_inter -startdate 20200101000000Z -enddate 20391231235959Z \
		-in "$dir/inter.csr" -out "$dir/inter.pem" -notext 2>/dev/null
	;;
issue)
	key=$3 start=$4 end=$5 out=$6
	shift 6
	cn=$1
	sans=""
	for n in "$@"; do sans="${sans:+$sans, }DNS:$n"; done
	csr=$out.csr
	if grep -q 'CERTIFICATE REQUEST' "$key"; then
		cp "$key" "$csr"
	else
		openssl req -new -key "$key" -subj "/CN=$cn" -out "$csr" 2>/dev/null
	fi
	ca_dir "$dir/inter-ca"
	ca_config "$dir/inter-ca" "$sans" >"$dir/inter-ca.cnf"
	openssl ca -batch -config "$dir/inter-ca.cnf" -cert "$dir/inter.pem" -keyfile "$dir/inter.key" \
		-extensions v3_leaf -startdate "$start" -enddate "$end" -subj "/CN=$cn" \
		-in "$csr" -out "$out" -notext 2>/dev/null
	cat "$out" "$dir/inter.pem" "$dir/root.pem" >"${out%.pem}.chain.pem"
	rm -f "$csr"
	;;
*)
	echo "usage: test-pki.sh init DIR | issue DIR KEY START END OUT.pem NAME..." >&2
	exit 64
	;;
esac
