{
  description = "lez-pay: paid services (LIP-155 payment streams, x402) on the Logos Execution Zone, Logos-Core style";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    flake-utils.url = "github:numtide/flake-utils";
  };

  outputs = { self, nixpkgs, flake-utils }:
    flake-utils.lib.eachSystem [ "x86_64-linux" "aarch64-linux" ] (system:
      let
        pkgs = import nixpkgs { inherit system; };
        # Keep in step with LEZPAY_APT_PACKAGES in scripts/bootstrap.sh: tests/nix/check_flake.py
        # (ctest flake_apt_parity) maps each apt package to its attribute here and fails on a gap.
        buildInputs = with pkgs; [
          qt6.qtbase
          qt6.qthttpserver
          qt6.qtwebsockets
          qt6.qtremoteobjects
          openssl
          secp256k1
          protobuf
          nlohmann_json
          zlib
        ];
        nativeBuildInputs = with pkgs; [ cmake ninja pkg-config ccache python3 protobuf ];
        lez-pay = pkgs.stdenv.mkDerivation {
          pname = "lez-pay";
          version = "0.1.0";
          src = self;
          inherit buildInputs nativeBuildInputs;
          # The modules are plugins loaded by logoscore; wrapping is not needed for a core-only app.
          dontWrapQtApps = true;
          # `cmake --install` lays the tree out as the Debian package does (cmake/packaging.cmake):
          # bin/, lib/lez-pay/modules/<module>/, lib/systemd/system/, share/lez-pay/; the default
          # configuration goes to $out/etc/lez-pay instead of /etc/lez-pay.
          cmakeFlags = [ "-GNinja" "-DCMAKE_BUILD_TYPE=Release" "-DLEZPAY_CONFIG_INSTALL_DIR=etc/lez-pay" ];
          doCheck = true;
          # The unit tests (QtTest suites and checks); the functional tests start daemons, a
          # PostgreSQL server and a browser, which the build sandbox does not offer.
          checkPhase = ''
            runHook preCheck
            export QT_QPA_PLATFORM=offscreen
            ctest --output-on-failure -j $NIX_BUILD_CORES
            runHook postCheck
          '';
        };
      in {
        packages.default = lez-pay;
        packages.lez-pay = lez-pay;

        devShells.default = pkgs.mkShell {
          inherit buildInputs;
          # dpkg and file: scripts/package.sh (cpack -G DEB with dpkg-shlibdeps).
          nativeBuildInputs = nativeBuildInputs ++ (with pkgs; [ postgresql gdb openssl nodejs chromium chromedriver dpkg file jq curl wrk ]);
          # scripts/bootstrap.sh checks IN_NIX_SHELL (set by nix develop) and installs nothing.
          shellHook = ''
            export QT_QPA_PLATFORM=offscreen
            # tests/functional/console_browser.py drives this Chromium (Debian's is /usr/bin/chromium).
            export LEZPAY_CHROMIUM=${pkgs.chromium}/bin/chromium
            echo "lez-pay dev shell: ./scripts/test.sh runs every test"
          '';
        };
      });
}
