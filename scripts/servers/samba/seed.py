#!/usr/bin/env python3
"""The test company directory of the Samba AD DC (scripts/servers/up.sh samba), as LDIF for ldbadd.

Usage: seed.py BASE_DN USERS > seed.ldif

What it holds (tests read it and never change it; tests that change the directory work in
OU=<their own>,OU=Tests):
  OU=People   ivan.petrov, anna.smirnova (passwords below, Cyrillic names, proxyAddresses, phones),
              olga.disabled (disabled), boris.nomail (not in Mail Users), a contact of a partner
              (objectClass contact), and USERS generated employees employee0001.. (no password;
              every 50th disabled, every 7th with a mailQuota, the first USERS-50 in Mail Users)
  OU=Groups   Sales (sales@corp.test: ivan, anna, employee0001-0003, the partner contact),
              Excluded (excluded@corp.test), Legacy (legacy@corp.local), Old Name (old-name@corp.test),
              Mail Users (no mail: the group the accounts filter uses)
  OU=Tests    empty
"""
import base64
import sys

base, count = sys.argv[1], int(sys.argv[2])
domain = ".".join(p.split("=", 1)[1] for p in base.split(",")).lower()
out = sys.stdout
PASSWORDS = {"ivan.petrov": "Ivan-Passw0rd!", "anna.smirnova": "Anna-Passw0rd!", "olga.disabled": "Olga-Passw0rd!"}


def value(name, v):
    v = str(v)
    if v.isascii() and not v.startswith((" ", ":", "<")) and not v.endswith(" "):
        return f"{name}: {v}"
    return f"{name}:: {base64.b64encode(v.encode()).decode()}"


def entry(dn, attrs):
    out.write(value("dn", dn) + "\n")
    for name, values in attrs:
        for v in values if isinstance(values, list) else [values]:
            out.write(value(name, v) + "\n")
    out.write("\n")


def password(p):
    return base64.b64encode(f'"{p}"'.encode("utf-16-le")).decode()


def user(sam, given, sn, uac=512, extra=()):
    dn = f"CN={given} {sn},OU=People,{base}"
    attrs = [
        ("objectClass", "user"), ("sAMAccountName", sam), ("userPrincipalName", f"{sam}@{domain}"),
        ("givenName", given), ("sn", sn), ("displayName", f"{given} {sn}"), ("mail", f"{sam}@{domain}"),
        ("userAccountControl", str(uac)),
    ]
    attrs += list(extra)
    out.write(value("dn", dn) + "\n")
    for name, values in attrs:
        for v in values if isinstance(values, list) else [values]:
            out.write(value(name, v) + "\n")
    if sam in PASSWORDS:
        out.write(f"unicodePwd:: {password(PASSWORDS[sam])}\n")
    out.write("\n")
    return dn


for ou in ("People", "Groups", "Tests"):
    entry(f"OU={ou},{base}", [("objectClass", "organizationalUnit")])

ivan = user("ivan.petrov", "Иван", "Петров", extra=[
    ("proxyAddresses", [f"SMTP:ivan.petrov@{domain}", f"smtp:i.petrov@{domain}", "X400:c=RU;a= ;p=Corp"]),
    ("mailQuota", "1073741824"), ("title", "Инженер"), ("department", "Разработка"),
    ("telephoneNumber", "+7 495 000-00-01"), ("mobile", "+7 900 000-00-01"), ("l", "Москва"),
    ("physicalDeliveryOfficeName", "Офис 101"), ("streetAddress", "ул. Тверская, 1"),
])
anna = user("anna.smirnova", "Анна", "Смирнова", extra=[
    ("title", "Менеджер"), ("department", "Продажи"), ("l", "Санкт-Петербург"),
])
olga = user("olga.disabled", "Ольга", "Отключённая", uac=514)
boris = user("boris.nomail", "Борис", "Безъящиков")
partner = f"CN=Partner Contact,OU=People,{base}"
entry(partner, [("objectClass", "contact"), ("displayName", "Partner Contact"), ("mail", "partner@partner.example")])

GIVEN = ["Алексей", "Мария", "Дмитрий", "Елена", "Сергей", "Наталья", "Андрей", "Ирина", "Павел", "Татьяна"]
SURNAMES = ["Иванов", "Кузнецова", "Соколов", "Попова", "Лебедев", "Козлова", "Новиков", "Морозова", "Волков", "Зайцева"]
employees = []
for i in range(1, count + 1):
    extra = [("title", f"Специалист {i % 12}"), ("department", f"Отдел {i % 20}"), ("l", "Москва")]
    if i % 7 == 0:
        extra.append(("mailQuota", str((i % 5 + 1) * 104857600)))
    uac = 546 if i % 50 == 0 else 544  # 544: enabled, no password required; 546: disabled
    employees.append(user(f"employee{i:04d}", GIVEN[i % 10], f"{SURNAMES[(i // 10) % 10]}-{i:04d}", uac, extra))

def group(cn, mail, members, display=None):
    attrs = [("objectClass", "group"), ("sAMAccountName", cn.replace(" ", ""))]
    if mail:
        attrs.append(("mail", mail))
    attrs.append(("displayName", display or cn))
    if members:
        attrs.append(("member", members))
    entry(f"CN={cn},OU=Groups,{base}", attrs)

group("Sales", f"sales@{domain}", [ivan, anna, *employees[:3], partner], "Отдел продаж")
group("Excluded", f"excluded@{domain}", [anna])
group("Legacy", "legacy@corp.local", [ivan])
group("Old Name", f"old-name@{domain}", [anna])
group("Mail Users", None, [ivan, anna, olga, *employees[: max(0, count - 50)]])
