//! The synthetic directory of a run: `users` accounts spread evenly over
//! `tenants` tenants, every field derived from the account's number so that
//! the importer and the load generator agree without sharing state.
//!
//! Names come from lists of common Russian and English given names and
//! surnames, so that searches hit realistic fractions of a tenant: a
//! four-letter prefix of a surname matches a few percent of the accounts, a
//! four-letter slice from its middle about as many.

use pbm::domain::UserInput;

const GIVEN_NAMES: &[&str] = &[
    "Aleksandr",
    "Aleksei",
    "Anastasia",
    "Anna",
    "Andrei",
    "Anton",
    "Artem",
    "Boris",
    "Daria",
    "Denis",
    "Dmitrii",
    "Ekaterina",
    "Elena",
    "Evgenii",
    "Fedor",
    "Galina",
    "Grigorii",
    "Igor",
    "Ilia",
    "Irina",
    "Ivan",
    "Kirill",
    "Konstantin",
    "Ksenia",
    "Larisa",
    "Leonid",
    "Liudmila",
    "Maksim",
    "Maria",
    "Marina",
    "Mikhail",
    "Natalia",
    "Nikita",
    "Nikolai",
    "Oksana",
    "Oleg",
    "Olga",
    "Pavel",
    "Petr",
    "Polina",
    "Roman",
    "Ruslan",
    "Sergei",
    "Sofia",
    "Stanislav",
    "Svetlana",
    "Tatiana",
    "Timur",
    "Valentina",
    "Valerii",
    "Vasilii",
    "Vera",
    "Viktor",
    "Viktoria",
    "Vladimir",
    "Vladislav",
    "Iulia",
    "Iurii",
    "Zakhar",
    "Zoia",
    "James",
    "Mary",
    "Robert",
    "Linda",
];

const SURNAMES: &[&str] = &[
    "Abramov",
    "Alekseev",
    "Andreev",
    "Antonov",
    "Afanasev",
    "Baranov",
    "Belov",
    "Belyaev",
    "Bogdanov",
    "Bolshakov",
    "Borisov",
    "Bykov",
    "Vasilev",
    "Vinogradov",
    "Vlasov",
    "Volkov",
    "Vorobev",
    "Gavrilov",
    "Gerasimov",
    "Golubev",
    "Gorbunov",
    "Grigorev",
    "Gusev",
    "Davydov",
    "Denisov",
    "Dmitriev",
    "Egorov",
    "Efimov",
    "Ershov",
    "Zhukov",
    "Zaitsev",
    "Zakharov",
    "Zinovev",
    "Ivanov",
    "Ignatov",
    "Ilin",
    "Kazakov",
    "Kalinin",
    "Karpov",
    "Kiselev",
    "Kovalev",
    "Kozlov",
    "Komarov",
    "Konovalov",
    "Kopylov",
    "Korolev",
    "Krylov",
    "Kudryavtsev",
    "Kuzmin",
    "Kuznetsov",
    "Kulikov",
    "Lazarev",
    "Lebedev",
    "Makarov",
    "Maksimov",
    "Medvedev",
    "Melnikov",
    "Mironov",
    "Mikhailov",
    "Morozov",
    "Nikitin",
    "Nikolaev",
    "Novikov",
    "Orlov",
    "Osipov",
    "Pavlov",
    "Petrov",
    "Polyakov",
    "Popov",
    "Prokhorov",
    "Romanov",
    "Rudnev",
    "Rybakov",
    "Savelev",
    "Semenov",
    "Sergeev",
    "Sidorov",
    "Smirnov",
    "Sobolev",
    "Sokolov",
    "Solovev",
    "Sorokin",
    "Stepanov",
    "Suvorov",
    "Tarasov",
    "Timofeev",
    "Titov",
    "Tikhonov",
    "Frolov",
    "Fedorov",
    "Filippov",
    "Fomin",
    "Kharitonov",
    "Tsvetkov",
    "Chernov",
    "Shcherbakov",
    "Yakovlev",
    "Anderson",
    "Brown",
    "Clark",
    "Davis",
    "Evans",
    "Garcia",
    "Harris",
    "Johnson",
    "Jones",
    "King",
    "Lee",
    "Lewis",
    "Martin",
    "Miller",
    "Moore",
    "Robinson",
    "Smith",
    "Taylor",
    "Thomas",
    "Thompson",
    "Walker",
    "White",
    "Williams",
    "Wilson",
    "Wright",
    "Young",
    "Hall",
    "Allen",
    "Scott",
    "Green",
];

/// The password of every imported account (its hash is computed once).
pub const PASSWORD: &str = "Bench-Pass-1";

/// A small, fast, deterministic generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x5851_f42d_4c95_7f2d)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// Ranks drawn from a Zipf distribution (exponent 1) over `n` items, as
/// real lookups are skewed: rank 0 is asked most, rank k about 1/(k+1) as
/// often. The cumulative weights are tabled once (8 bytes per item).
pub struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    /// The distribution over `n` items (n > 0).
    pub fn new(n: usize) -> Self {
        let mut total = 0.0;
        let cumulative = (1..=n)
            .map(|k| {
                total += 1.0 / k as f64;
                total
            })
            .collect();
        Self { cumulative }
    }

    /// A rank, 0 the most frequent.
    pub fn sample(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
        self.cumulative.partition_point(|&c| c < u).min(self.cumulative.len() - 1)
    }

    /// The account of a rank: ranks are spread over the tenants by a fixed
    /// odd multiplier, so the hot accounts are not all in tenant 0.
    pub fn account_of(rank: usize, users: usize) -> usize {
        ((rank as u64).wrapping_mul(2_654_435_761) % users as u64) as usize
    }
}

/// The shape of the directory of a run.
#[derive(Debug, Clone, Copy)]
pub struct Directory {
    /// Accounts in all.
    pub users: usize,
    /// Tenants they are spread over.
    pub tenants: usize,
}

/// One account of the synthetic directory.
#[derive(Debug, Clone)]
pub struct Account {
    /// Tenant id.
    pub tenant: String,
    /// Primary address.
    pub mail: String,
    /// Given name.
    pub given_name: String,
    /// Surname.
    pub surname: String,
}

impl Directory {
    /// The id of tenant `t`.
    pub fn tenant_id(&self, t: usize) -> String {
        format!("bench{t:03}")
    }

    /// The mail domain of tenant `t`.
    pub fn domain(&self, t: usize) -> String {
        format!("bench{t:03}.test")
    }

    /// The tenant of account `i`: accounts are spread in contiguous blocks.
    pub fn tenant_of(&self, i: usize) -> usize {
        i * self.tenants / self.users
    }

    /// The accounts of tenant `t`, as a range of account numbers.
    pub fn accounts_of(&self, t: usize) -> std::ops::Range<usize> {
        let first = (t * self.users).div_ceil(self.tenants);
        let end = ((t + 1) * self.users).div_ceil(self.tenants);
        first..end
    }

    /// Account `i`.
    pub fn account(&self, i: usize) -> Account {
        let mut rng = Rng::new(i as u64);
        let given_name = GIVEN_NAMES[rng.below(GIVEN_NAMES.len())];
        let surname = SURNAMES[rng.below(SURNAMES.len())];
        let t = self.tenant_of(i);
        Account {
            tenant: self.tenant_id(t),
            mail: format!("{}.{}.{i:07}@{}", given_name.to_lowercase(), surname.to_lowercase(), self.domain(t)),
            given_name: given_name.to_owned(),
            surname: surname.to_owned(),
        }
    }

    /// The service input creating account `i` (its password is imported as a hash).
    pub fn input(&self, i: usize) -> UserInput {
        let account = self.account(i);
        UserInput {
            tenant_id: account.tenant,
            mail: account.mail,
            given_name: account.given_name.clone(),
            surname: account.surname.clone(),
            display_name: format!("{} {}", account.given_name, account.surname),
            department: format!("Department {}", i % 40),
            title: "Engineer".into(),
            city: "Moscow".into(),
            work_phone: format!("+7 495 {:03}-{:02}-{:02}", i % 1000, i % 97, i % 89),
            ..Default::default()
        }
    }

    /// The primary addresses of tenant `t` in the order pbm lists them.
    pub fn sorted_mails(&self, t: usize) -> Vec<String> {
        let mut mails: Vec<String> = self.accounts_of(t).map(|i| self.account(i).mail).collect();
        mails.sort();
        mails
    }
}

/// A search term that is a prefix of a surname (and of no address's start).
pub fn surname_prefix(rng: &mut Rng) -> String {
    let surname = SURNAMES[rng.below(SURNAMES.len())].to_lowercase();
    surname.chars().take(4).collect()
}

/// A search term of four letters from inside a surname.
pub fn surname_infix(rng: &mut Rng) -> String {
    loop {
        let surname: Vec<char> = SURNAMES[rng.below(SURNAMES.len())].to_lowercase().chars().collect();
        if surname.len() >= 6 {
            let start = 1 + rng.below(surname.len() - 5);
            return surname[start..start + 4].iter().collect();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenants_partition_the_accounts() {
        let dir = Directory { users: 1003, tenants: 10 };
        let mut seen = 0;
        for t in 0..10 {
            for i in dir.accounts_of(t) {
                assert_eq!(dir.tenant_of(i), t, "account {i}");
                seen += 1;
            }
        }
        assert_eq!(seen, 1003);
        assert_eq!(dir.account(5).mail, dir.account(5).mail, "deterministic");
    }
}
