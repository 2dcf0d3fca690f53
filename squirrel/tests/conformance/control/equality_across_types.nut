// Checks: values of different types are not equal (no coercion except int/float)
print((1 == "1") + " " + (0 == null) + " " + (false == 0) + " " + (null == null) + "\n");
