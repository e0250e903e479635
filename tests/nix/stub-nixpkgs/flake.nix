{
  description = "stand-in for nixpkgs (tests/nix/check_flake.sh): evaluation only, builds nothing";
  outputs = { self }: { };
}
