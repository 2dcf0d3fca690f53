// Checks: enum members with explicit values
enum State { Idle = 10, Busy = 11, Done = 20, Failed = -1 }
print(State.Idle + " " + State.Busy + " " + State.Done + " " + State.Failed + "\n");
