// boot_race.agent.nut - version 2 of the robust Squirrel agent (target
// code, installed by deploy/code): sq_robust's code with version 2's
// settings (sq_common/settings.nut).

SETTINGS_VERSION <- 2;
@include "../sq_robust/boot_race.agent.nut"
