// Passkeys, for browsers that have WebAuthn: each passkey form (web/views/passkey.njk) stays
// hidden until this shows it, and every page keeps another way in that needs no JavaScript.
const supported = typeof window.PublicKeyCredential === 'function' && Boolean(navigator.credentials);

const bytesOf = (base64url) => {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (character) => character.charCodeAt(0));
};

const base64urlOf = (buffer) => {
  let binary = '';
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const withIds = (list) => (list ?? []).map((credential) => ({ ...credential, id: bytesOf(credential.id) }));

function publicKeyFor(ceremony, options) {
  const challenge = bytesOf(options.challenge);
  if (ceremony === 'create') {
    return {
      ...options,
      challenge,
      user: { ...options.user, id: bytesOf(options.user.id) },
      excludeCredentials: withIds(options.excludeCredentials),
    };
  }
  return { ...options, challenge, allowCredentials: withIds(options.allowCredentials) };
}

/** The device's answer in the JSON form the server's library reads. */
function answerOf(credential) {
  const answer = credential.response;
  const response = { clientDataJSON: base64urlOf(answer.clientDataJSON) };
  if (answer.attestationObject) {
    response.attestationObject = base64urlOf(answer.attestationObject);
    response.transports = typeof answer.getTransports === 'function' ? answer.getTransports() : [];
  } else {
    response.authenticatorData = base64urlOf(answer.authenticatorData);
    response.signature = base64urlOf(answer.signature);
    if (answer.userHandle) response.userHandle = base64urlOf(answer.userHandle);
  }
  return JSON.stringify({
    id: credential.id,
    rawId: base64urlOf(credential.rawId),
    type: credential.type,
    response,
    clientExtensionResults: credential.getClientExtensionResults(),
    ...(credential.authenticatorAttachment ? { authenticatorAttachment: credential.authenticatorAttachment } : {}),
  });
}

async function usePasskey(form) {
  const options = await fetch(form.dataset.passkeyOptions, {
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  });
  if (!options.ok) throw new Error('Haven did not give a challenge');
  const publicKey = publicKeyFor(form.dataset.passkey, await options.json());
  const credential =
    form.dataset.passkey === 'create'
      ? await navigator.credentials.create({ publicKey })
      : await navigator.credentials.get({ publicKey });
  if (!credential) throw new Error('No passkey was chosen');
  form.querySelector('input[name="credential"]').value = answerOf(credential);
  form.submit();
}

if (supported) {
  for (const fallback of document.querySelectorAll('[data-passkey-fallback]')) fallback.hidden = true;
  for (const form of document.querySelectorAll('form[data-passkey]')) {
    form.hidden = false;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const problem = form.querySelector('[data-passkey-problem]');
      problem.hidden = true;
      // A missing name is for the server to say, in the page's error summary, before any device is asked.
      const name = form.querySelector('[data-passkey-name]');
      if (name && !name.value.trim()) return form.submit();
      usePasskey(form).catch(() => {
        problem.textContent = 'Your passkey was not used. Try again, or prove it is you another way.';
        problem.hidden = false;
      });
    });
  }
}
