{
  description = "stand-in for numtide/flake-utils (tests/nix/check_flake.sh): eachSystem only";
  outputs = { self }: {
    lib.eachSystem = systems: f:
      let
        perSystem = map (s: { system = s; out = f s; }) systems;
        names = builtins.attrNames (builtins.head perSystem).out;
      in
      builtins.listToAttrs (map (n: {
        name = n;
        value = builtins.listToAttrs (map (p: { name = p.system; value = p.out.${n}; }) perSystem);
      }) names);
  };
}
