// Checks: several static members of different types
class Cfg {
    static NAME = "cfg";
    static RATE = 1.5;
    static FLAGS = [1, 2];
}
print(Cfg.NAME + " " + Cfg.RATE + " " + Cfg.FLAGS.len() + "\n");
