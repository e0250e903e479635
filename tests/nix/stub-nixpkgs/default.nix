# A stand-in for nixpkgs with no package in it, for evaluating flake.nix where nixpkgs cannot be
# downloaded (tests/nix/check_flake.sh). Every attribute the flake reads must be listed here: a
# package the flake names that this file lacks fails the evaluation, by name. Each "package" is a
# derivation that builds nothing; `mkDerivation` and `mkShell` keep their arguments visible so the
# check can read the inputs back.
{ system ? builtins.currentSystem, ... }:
let
  fake = name: derivation { inherit name system; builder = "/bin/sh"; args = [ "-c" "exit 1" ]; };
  named = names: builtins.listToAttrs (map (n: { name = n; value = fake n; }) names);
  keep = what: args: (derivation {
    name = args.pname or args.name or what;
    inherit system;
    builder = "/bin/sh";
    args = [ "-c" "exit 1" ];
  }) // { passedArgs = args; inputNames = map (d: d.name) ((args.buildInputs or [ ]) ++ (args.nativeBuildInputs or [ ])); };
in
named [
  "cmake" "ninja" "pkg-config" "ccache" "python3" "protobuf" "openssl" "secp256k1" "nlohmann_json" "zlib"
  "postgresql" "gdb" "nodejs" "chromium" "chromedriver" "dpkg" "file" "jq" "curl"
] // {
  qt6 = named [ "qtbase" "qthttpserver" "qtwebsockets" ];
  stdenv = { mkDerivation = keep "package"; };
  mkShell = keep "shell";
}
