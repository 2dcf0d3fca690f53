// The README's example for `impchaos sq`: prints one average, then fails on
// a reading without a "value", as the imp would log it.
function average(readings) {
    local sum = 0.0;
    foreach (r in readings) sum += r.value;
    return sum / readings.len();
}

print(format("%.1f\n", average([{value = 20.5}, {value = 21.0}])));
print(average([{value = 19.0}, {temp = 18.5}]) + "\n");
