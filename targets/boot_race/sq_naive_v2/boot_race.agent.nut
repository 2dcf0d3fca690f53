// boot_race.agent.nut - version 2 of the naive Squirrel agent (target
// code, installed by deploy/code): sq_naive's code with version 2's
// settings (sq_common/settings.nut).

SETTINGS_VERSION <- 2;
@include "../sq_naive/boot_race.agent.nut"
