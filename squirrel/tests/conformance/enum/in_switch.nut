// Checks: enum members as switch case labels
enum Cmd { Start, Stop }
function run(c) {
    switch (c) {
        case Cmd.Start: return "starting";
        case Cmd.Stop: return "stopping";
    }
    return "unknown";
}
print(run(Cmd.Stop) + " " + run(0) + "\n");
