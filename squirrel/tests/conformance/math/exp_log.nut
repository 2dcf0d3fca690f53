// Checks: exp, log (natural) and log10
print(format("%.4f", math.exp(1)) + " " + math.log(1) + " " + format("%.3f", math.log10(1000)) + "\n");
