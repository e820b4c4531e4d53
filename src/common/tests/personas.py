"""Fixed test personas shared by every app's tests (fixtures in src/conftest.py).

| fixture        | role              | areas                        |
|----------------|-------------------|------------------------------|
| administrator  | Administrator     | all (national role)          |
| executive      | Executive         | all (national role)          |
| officer_ix     | Program Officer   | Region IX                    |
| officer_xii    | Program Officer   | Region XII                   |
| officer_zdn    | Program Officer   | Zamboanga del Norte only     |
| facilitator_ix | MANA Facilitator  | Region IX                    |
| partner_ix     | Partner Viewer    | Region IX                    |
| outsider       | none              | none                         |
"""

REGION_IX = "0900000000"
REGION_XII = "1200000000"
ZAMBOANGA_DEL_NORTE = "0907200000"
ZAMBOANGA_CITY_HUC = "0931799999"
SULU = "0906600000"
CITY_OF_DAPITAN = "0907201000"
ALIGUAY = "0907201001"
SOUTH_COTABATO = "1206300000"
KORONADAL = "1206306000"
TEST_REGION_CODES = {REGION_IX, REGION_XII}
PASSWORD = "correct-horse-battery-staple"
