// hello.device.nut - test-only bare directory: says hello every 10 minutes
// and counts the answers.
answers <- 0;

agent.on("welcome", function(n) {
    answers++;
});

function hello() {
    agent.send("hello", answers);
    imp.wakeup(600, hello);
}

hello();
