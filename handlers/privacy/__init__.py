"""Privacy: the notice, /mydata and /forget."""
