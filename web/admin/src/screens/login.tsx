/**
 * The login screen (guide §2.2.2, Figures 1–3): language, e-mail and
 * password, "Sign in"; each refusal has its own message — wrong
 * credentials, a blocked account, a lockout with the time left — and the
 * robot check: when pbm answers CHALLENGE_REQUIRED the screen shows the
 * picture pbm made and an answer field, and sends both with the next try.
 */
import { Code } from "@connectrpc/connect";
import { RetryInfoSchema, fieldViolations, toPbmError } from "@pbm/client";
import { useEffect, useRef, useState } from "preact/hooks";
import { SessionEndedError, api, login, sessionNotice } from "../api";
import { describeViolation, errorMessage, isNetworkError } from "../errors";
import { formatDuration, t } from "../i18n";
import { useStore } from "../store";
import { TextField } from "../ui/form";
import { LanguageSwitch } from "./shell";

interface Challenge {
  id: string;
  url: string;
}

type Problem =
  | { kind: "text"; text: string }
  | { kind: "lockout"; until: number };

export function Login() {
  const notice = useStore(sessionNotice);
  const [mail, setMail] = useState("");
  const [password, setPassword] = useState("");
  const [answer, setAnswer] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [challengeNote, setChallengeNote] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());
  const answerRef = useRef<HTMLDivElement>(null);

  // The lockout countdown.
  useEffect(() => {
    if (problem?.kind !== "lockout") return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [problem]);

  // The picture's object URL dies with it.
  useEffect(() => () => {
    if (challenge !== null) URL.revokeObjectURL(challenge.url);
  }, [challenge]);

  const newChallenge = async (): Promise<void> => {
    const issued = await api.auth.createLoginChallenge({});
    const blob = new Blob([issued.image.slice()], { type: issued.imageType || "image/png" });
    setAnswer("");
    setChallenge({ id: issued.challengeId, url: URL.createObjectURL(blob) });
    window.setTimeout(() => answerRef.current?.querySelector("input")?.focus(), 0);
  };

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    setFields({});
    const shown = challenge;
    try {
      const outcome = await login(mail.trim(), password, shown !== null ? { id: shown.id, answer: answer.trim() } : undefined);
      if (outcome === "not-admin") {
        setProblem({ kind: "text", text: t("login.notAdmin", { mail: mail.trim() }) });
        setChallenge(null);
      }
    } catch (err) {
      if (err instanceof SessionEndedError) return;
      await explain(err, shown !== null);
    } finally {
      setBusy(false);
    }
  };

  const explain = async (err: unknown, hadChallenge: boolean): Promise<void> => {
    const e = toPbmError(err);
    let wantChallenge = hadChallenge;
    if (e.code === Code.Unauthenticated) {
      switch (e.reason) {
        case "CHALLENGE_REQUIRED":
          setChallengeNote(t("login.challengeRequired"));
          wantChallenge = true;
          break;
        case "CHALLENGE_FAILED":
          setChallengeNote(t("login.challengeFailed"));
          wantChallenge = true;
          break;
        case "ACCOUNT_BLOCKED":
          setProblem({ kind: "text", text: t("login.blocked") });
          break;
        default:
          setProblem({ kind: "text", text: t("login.badCredentials") });
      }
    } else if (e.code === Code.ResourceExhausted) {
      const delay = e.findDetails(RetryInfoSchema)[0]?.retryDelay;
      const seconds = delay !== undefined ? Number(delay.seconds) + delay.nanos / 1e9 : 60;
      setProblem({ kind: "lockout", until: Date.now() + seconds * 1000 });
      setNow(Date.now());
      wantChallenge = false;
      setChallenge(null);
    } else if (e.code === Code.InvalidArgument) {
      const byField: Record<string, string[]> = {};
      for (const v of fieldViolations(e)) {
        const name = v.field === "password" ? "password" : v.field.startsWith("challenge") ? "answer" : "login";
        (byField[name] ??= []).push(describeViolation(v));
      }
      setFields(byField);
    } else {
      setProblem({ kind: "text", text: errorMessage(e) });
      if (isNetworkError(e)) return;
    }
    // A picture is spent once answered, right or wrong: show a fresh one.
    if (wantChallenge) {
      try {
        await newChallenge();
      } catch (err2) {
        setProblem({ kind: "text", text: errorMessage(err2) });
      }
    }
  };

  let problemText: string | null = null;
  if (problem?.kind === "text") problemText = problem.text;
  if (problem?.kind === "lockout") {
    const left = (problem.until - now) / 1000;
    problemText = left > 0 ? t("login.lockedOut", { time: formatDuration(left) }) : t("login.lockedOutNow");
  }

  return (
    <div class="login-page">
      <div class="login-lang">
        <LanguageSwitch />
      </div>
      <main id="main" class="login-card">
        <h1>{t("login.heading")}</h1>
        {notice !== null && problem === null && (
          <p class="box info" role="status">
            {t(notice)}
          </p>
        )}
        <form onSubmit={submit} noValidate>
          <TextField
            label={t("login.mail")}
            type="email"
            name="login"
            value={mail}
            onValue={setMail}
            autocomplete="username"
            required
            errors={fields["login"]}
            autofocus
          />
          <TextField
            label={t("login.password")}
            type="password"
            name="password"
            value={password}
            onValue={setPassword}
            autocomplete="current-password"
            required
            errors={fields["password"]}
          />
          {challenge !== null && (
            <div class="challenge" ref={answerRef}>
              {challengeNote !== null && <p class="box info">{challengeNote}</p>}
              <img src={challenge.url} alt={t("login.challengeImage")} class="challenge-image" />
              <TextField
                label={t("login.challengeAnswer")}
                name="challenge"
                value={answer}
                onValue={setAnswer}
                autocomplete="off"
                required
                errors={fields["answer"]}
              />
              <button type="button" class="link" onClick={() => void newChallenge().catch((err: unknown) => setProblem({ kind: "text", text: errorMessage(err) }))}>
                {t("login.challengeNew")}
              </button>
            </div>
          )}
          {problemText !== null && (
            <p class="box error" role="alert">
              {problemText}
            </p>
          )}
          <button type="submit" class="primary wide" disabled={busy}>
            {busy ? t("login.busy") : t("login.submit")}
          </button>
        </form>
      </main>
    </div>
  );
}
