"""Pure model functions: parameters in, numbers out. No plotting, no widgets."""
