"""Arts. 6 and 19 local support policies (配套支持政策) of the leagues and cities."""
