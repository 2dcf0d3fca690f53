/* sqrun.c - the `sqrun FILE.nut [ARGS...]` driver: a thin main over
 * sq_run_main (squirrel/src/run.c), which `impchaos sq` also calls.
 */
#include "squirrel.h"

int main(int argc, char **argv)
{
	return sq_run_main(argc, argv);
}
