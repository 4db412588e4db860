"""The measures (内人社办发〔2025〕196号) as pure functions: no ORM, none of our other packages."""
