// Checks: an instance's _tostring used by explicit tostring() for format's %s
class T { function _tostring() { return "tee"; } }
print(format("[%s]", T().tostring()) + "\n");
